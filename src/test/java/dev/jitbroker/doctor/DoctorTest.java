package dev.jitbroker.doctor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jitbroker.grant.GrantFailure;
import dev.jitbroker.request.Scope;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The doctor's assessment against the shipped role files, without Azure. */
class DoctorTest {

  private static final Scope RG = new Scope("/subscriptions/11111111-2222-3333-4444-555555555555/resourceGroups/app-prod");
  private static final Scope VM = new Scope(RG.armId() + "/providers/Microsoft.Compute/virtualMachines/vm-1");
  private static final List<BrokerRole> ROLES = BrokerRoles.load();

  private final Doctor doctor = new Doctor(scope -> {
    throw new AssertionError("no Azure call in these tests");
  }, ROLES, "00000000-aaaa-bbbb-cccc-000000000001");

  private static PermissionsAnswer holding(Permission... entries) {
    return new PermissionsAnswer.Listed(List.of(entries));
  }

  private static Diagnosis.Readiness of(Diagnosis d, String grantType) {
    return d.grantTypes().stream().filter(r -> r.grantType().equals(grantType)).findFirst().orElseThrow();
  }

  @Test
  void owner_isReadyForEveryGrantType() {
    Diagnosis d = doctor.assess(RG, holding(new Permission(List.of("*"), List.of())));
    assertTrue(d.permissionsReadable());
    assertNull(d.detail());
    assertEquals(List.of("azure-rbac", "azure-pim", "managed-app-jit", "vm-jit"),
        d.grantTypes().stream().map(Diagnosis.Readiness::grantType).toList());
    d.grantTypes().forEach(r -> {
      assertTrue(r.ready(), r.grantType());
      assertTrue(r.missingActions().isEmpty());
      assertNull(r.command());
    });
  }

  @Test
  void eachShippedRole_makesItsOwnGrantTypeReady() {
    for (BrokerRole role : ROLES) {
      Diagnosis d = doctor.assess(RG, holding(new Permission(role.actions(), List.of())));
      assertTrue(of(d, role.grantType()).ready(), role.grantType());
    }
  }

  @Test
  void contributor_lacksRoleAssignmentWrites_andTheAnswerNamesThemWithTheRoleFile() {
    Permission contributor = new Permission(List.of("*"),
        List.of("Microsoft.Authorization/*/Delete", "Microsoft.Authorization/*/Write", "Microsoft.Authorization/elevateAccess/Action"));
    Diagnosis d = doctor.assess(RG, holding(contributor));
    Diagnosis.Readiness rbac = of(d, "azure-rbac");
    assertFalse(rbac.ready());
    assertEquals(List.of("Microsoft.Authorization/roleAssignments/write", "Microsoft.Authorization/roleAssignments/delete"),
        rbac.missingActions());
    assertEquals("deploy/azure-roles/azure-rbac.json", rbac.role().path());
    assertEquals("jit-broker azure-rbac", rbac.role().name());
    assertTrue(rbac.command().contains("az role definition create --role-definition"), rbac.command());
    assertTrue(rbac.command().contains("deploy/azure-roles/azure-rbac.json"), rbac.command());
    assertTrue(rbac.command().contains("az role assignment create --assignee 00000000-aaaa-bbbb-cccc-000000000001 "
        + "--role \"jit-broker azure-rbac\" --scope " + RG.armId()), rbac.command());
    assertFalse(of(d, "azure-pim").ready());
    assertTrue(of(d, "managed-app-jit").ready());
    assertTrue(of(d, "vm-jit").ready());
    assertTrue(d.detail().startsWith("2 of 4 grant types"), d.detail());
  }

  @Test
  void vmJit_isAssignedAtTheResourceGroup_andManagedApps_atTheSubscription() {
    Diagnosis d = doctor.assess(VM, holding());
    assertTrue(of(d, "vm-jit").command().endsWith("--scope " + RG.armId()), of(d, "vm-jit").command());
    assertTrue(of(d, "managed-app-jit").command().endsWith("--scope /subscriptions/11111111-2222-3333-4444-555555555555"));
    assertTrue(of(d, "azure-rbac").command().endsWith("--scope " + VM.armId()));
    assertTrue(of(d, "azure-rbac").command().contains("sed 's|/subscriptions/{subscriptionId}|/subscriptions/11111111-2222-3333-4444-555555555555|'"));
  }

  @Test
  void withoutAClientId_theCommandsNameAPlaceholder() {
    Doctor anonymous = new Doctor(scope -> holding(), ROLES, null);
    assertTrue(of(anonymous.assess(RG, holding()), "azure-rbac").command().contains("--assignee <broker-object-id> "));
  }

  @Test
  void unreadablePermissions_meanNoGrantTypeIsReady_saidPlainly() {
    Diagnosis d = doctor.assess(RG, new PermissionsAnswer.Unreadable("AuthorizationFailed"));
    assertFalse(d.permissionsReadable());
    assertTrue(d.detail().contains("may not read its own permissions"), d.detail());
    d.grantTypes().forEach(r -> {
      assertFalse(r.ready());
      assertEquals(List.of("Microsoft.Authorization/permissions/read"), r.missingActions());
      assertTrue(r.command().contains(r.role().path()));
    });
  }

  @Test
  void subscriptionScope_isRefused_beforeAzureIsAsked() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> doctor.examine(new Scope("/subscriptions/11111111-2222-3333-4444-555555555555")));
    assertTrue(e.getMessage().contains("resource group"), e.getMessage());
  }

  @Test
  void azureFailures_becomeUnavailable_orRefused() {
    Doctor throttled = new Doctor(scope -> {
      throw GrantFailure.transientFailure("throttled", "SubscriptionRequestsThrottled", Duration.ofSeconds(7), null);
    }, ROLES, null);
    AzureUnavailableException unavailable = assertThrows(AzureUnavailableException.class, () -> throttled.examine(RG));
    assertEquals(Duration.ofSeconds(7), unavailable.retryAfter());
    Doctor missing = new Doctor(scope -> {
      throw GrantFailure.permanent("no such resource group", "ResourceGroupNotFound", null);
    }, ROLES, null);
    assertThrows(AzureRefusedException.class, () -> missing.examine(RG));
  }
}

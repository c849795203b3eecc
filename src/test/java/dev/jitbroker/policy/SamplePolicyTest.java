package dev.jitbroker.policy;

import static dev.jitbroker.policy.PolicyFixtures.MONDAY_10_BERLIN;
import static dev.jitbroker.policy.PolicyFixtures.SATURDAY_10_BERLIN;
import static dev.jitbroker.policy.PolicyFixtures.request;
import static dev.jitbroker.policy.PolicyFixtures.requester;
import static dev.jitbroker.policy.PolicyFixtures.routed;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The sample policy that dev mode loads parses, and routes the way its comments say. */
class SamplePolicyTest {

  private static final String NONPROD = "/subscriptions/3f9c2a71-6b0e-4d8a-9c2f-5e7d1b4a8c60";
  private static final String PROD = "/subscriptions/7d41e0b2-93c5-4f6a-8e1d-2b6c9a0f3e57";
  // The object ids /dev/token gives these users.
  private static final String CAROL = "34738ef5-a751-36ba-8db8-98b74006ec81";
  private static final String HEIDI = "703da9fc-4216-31b4-a276-85bae3f5a884";
  private static final String ALICE = "90db541a-eef5-39be-a657-1a9ef182bde1";

  private static Policy sample;

  @BeforeAll
  static void parseTheFileDevModeUses() throws IOException {
    sample = Policy.parse(Files.readString(Path.of("src/main/resources/policy/sample-policy.yaml")));
  }

  @Test
  void itParses_withEveryRule() {
    assertEquals(List.of("never-owner", "weekday-readers", "payments-prod-oncall", "prod-write", "prod-break-glass",
        "vm-login", "everything-else"), sample.ruleNames());
  }

  @Test
  void owner_isDeniedEverywhere_byNameOrId() {
    for (String role : List.of("Owner", "/providers/Microsoft.Authorization/roleDefinitions/8e3af657-a8ff-443c-a75c-2fe8c4bcb635")) {
      for (String scope : List.of(NONPROD + "/resourceGroups/app-web", PROD + "/resourceGroups/payments-prod", PROD)) {
        Routing routing = sample.route(request().scope(scope).role(role).build(), MONDAY_10_BERLIN);
        assertEquals("never-owner", routed(Routing.Deny.class, routing).rule(), scope + " " + role);
      }
    }
  }

  @Test
  void readingNonProductionApps_isAutomaticInOfficeHours_andAskedForOtherwise() {
    RequestFacts read = request().scope(NONPROD + "/resourceGroups/app-web").build();
    assertEquals(new Routing.AutoApprove("weekday-readers", Duration.ofHours(4)), sample.route(read, MONDAY_10_BERLIN));
    assertEquals("everything-else", routed(Routing.NeedsApproval.class, sample.route(read, SATURDAY_10_BERLIN)).rule());
    RequestFacts sharedForADay = request().scope(NONPROD + "/resourceGroups/shared/providers/Microsoft.KeyVault/vaults/kv1")
        .duration(Duration.ofHours(8)).build();
    assertEquals("everything-else", sample.route(sharedForADay, MONDAY_10_BERLIN).rule());
  }

  @Test
  void theReadmeWalkThrough_goesToAnyApprover() {
    RequestFacts walkThrough = request().scope("/subscriptions/11111111-2222-3333-4444-555555555555/resourceGroups/app-prod")
        .ticket("INC-4711").build();
    Routing.NeedsApproval needs = routed(Routing.NeedsApproval.class, sample.route(walkThrough, MONDAY_10_BERLIN));
    assertEquals("everything-else", needs.rule());
    Approver bob = new Approver("231adec4-0dd0-37fe-b63c-4bb29ab48051", Set.of(), Set.of("approver"));
    assertTrue(needs.approval().eligibility(bob, ALICE, ALICE, MONDAY_10_BERLIN, MONDAY_10_BERLIN).eligible());
  }

  @Test
  void productionWrites_needTwoApprovals_exceptBreakGlassForNamedSres() {
    RequestFacts write = request().scope(PROD + "/resourceGroups/orders").role("Contributor").grantType("azure-pim")
        .ticket("INC-815").build();

    Routing.NeedsApproval anyone = routed(Routing.NeedsApproval.class, sample.route(write, MONDAY_10_BERLIN));
    assertEquals("prod-write", anyone.rule());
    assertEquals(2, anyone.approval().quorum());
    assertEquals(Duration.ofHours(4), anyone.maxDuration());

    RequestFacts byCarol = request().scope(PROD + "/resourceGroups/orders").role("Contributor").grantType("azure-pim")
        .ticket("INC-815").by(requester(CAROL)).build();
    Routing.NeedsApproval breakGlass = routed(Routing.NeedsApproval.class, sample.route(byCarol, SATURDAY_10_BERLIN));
    assertEquals("prod-break-glass", breakGlass.rule());
    assertFalse(breakGlass.approval().denyEndsIt());
  }

  @Test
  void thePaymentsDatabase_wantsALongJustificationFromOnCall() {
    RequestFacts terse = request().scope(PROD + "/resourceGroups/payments-prod").role("Contributor").grantType("azure-pim")
        .by(requester(ALICE, "sre-oncall")).ticket("CHG-1").justification("db migration").build();

    Routing.ConstraintsNotMet notMet = routed(Routing.ConstraintsNotMet.class, sample.route(terse, MONDAY_10_BERLIN));

    assertEquals("payments-prod-oncall", notMet.rule());
    assertEquals(List.of("justification"), notMet.violations().stream().map(Violation::field).toList());
  }

  @Test
  void vmLogin_isAutomaticForOperators() {
    RequestFacts login = request()
        .scope(PROD + "/resourceGroups/batch/providers/Microsoft.Compute/virtualMachines/worker-1")
        .role("Virtual Machine Administrator Login").grantType("vm-jit").by(requester(HEIDI)).build();
    assertEquals(new Routing.AutoApprove("vm-login", Duration.ofHours(1)), sample.route(login, SATURDAY_10_BERLIN));
  }

  @Test
  void eligibleFor_listsTheRulesThatAdmitTheRequester() {
    assertEquals(List.of("weekday-readers", "prod-write", "everything-else"), names(sample.eligibleFor(requester(ALICE))));
    assertEquals(List.of("weekday-readers", "prod-write", "prod-break-glass", "everything-else"),
        names(sample.eligibleFor(requester(CAROL))));
    assertEquals(List.of("weekday-readers", "payments-prod-oncall", "prod-write", "vm-login", "everything-else"),
        names(sample.eligibleFor(requester(ALICE, "SRE-OnCall", "vm-operators"))));
  }

  private static List<String> names(List<EligibleRule> rules) {
    return rules.stream().map(EligibleRule::rule).toList();
  }
}

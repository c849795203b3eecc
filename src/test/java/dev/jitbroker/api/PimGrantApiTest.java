package dev.jitbroker.api;

import static dev.jitbroker.testsupport.Contract.as;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.azure.resourcemanager.authorization.fluent.models.RoleAssignmentScheduleInner;
import com.azure.resourcemanager.authorization.fluent.models.RoleAssignmentScheduleRequestInner;
import dev.jitbroker.grant.GrantProvider;
import dev.jitbroker.grant.azure.AzureClients;
import dev.jitbroker.grant.azure.PimGrantProvider;
import dev.jitbroker.sandbox.ArmSandbox;
import dev.jitbroker.sandbox.RoleAssignment;
import dev.jitbroker.testsupport.Tokens;
import dev.jitbroker.testsupport.Tokens.User;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** azure-pim grants: PIM schedule requests through the real Azure SDK, over HTTPS, against the ARM sandbox. */
@QuarkusTest
class PimGrantApiTest {

  static final String SUB_ID = "55555555-0000-4000-8000-000000000000";
  static final String SUB = "/subscriptions/" + SUB_ID;
  static final String READER = "acdd72a7-3385-48ef-bd42-f606fba81ae7";

  @Inject ArmSandbox sandbox;
  @Inject AzureClients azure;
  @Inject PimGrantProvider pim;
  @Inject DataSource dataSource;

  private final User alice = Tokens.newUser("alice");
  private final User bob = Tokens.newUser("bob", "approver");

  @Test
  void approvedRequest_becomesAPimAssignment_thatEndsAtTheRequestsEnd() throws Exception {
    String scope = newScope();
    String id = approve(submit(scope));
    JsonPath active = awaitState(id, "ACTIVE");
    String ref = active.getString("grantRef");
    assertTrue(ref.startsWith(scope + "/providers/Microsoft.Authorization/roleAssignmentSchedules/"), ref);
    assertFalse(active.getBoolean("grantPreexisting"));
    Instant expiresAt = Instant.parse(active.getString("expiresAt"));
    Instant end = scheduleEnd(ref);
    assertFalse(end.isAfter(expiresAt), "Azure ends it no later than the broker does");
    assertTrue(Duration.between(end, expiresAt).compareTo(Duration.ofMinutes(1)) < 0, end + " vs " + expiresAt);
    List<RoleAssignment> held = assignmentsOf(alice.oid(), scope);
    assertEquals(1, held.size(), "a PIM assignment is a role assignment too");
    assertTrue(held.get(0).roleDefinitionId().endsWith(READER));
    RoleAssignmentScheduleRequestInner made = azure.authorization().getRoleAssignmentScheduleRequests()
        .listForScope(scope, "atScope()", com.azure.core.util.Context.NONE).stream().findFirst().orElseThrow();
    assertEquals("AdminAssign", made.requestType().toString());
    assertTrue(made.justification().contains(id), made.justification());
    List<GrantProvider.Owned> owned = pim.owned(scope);
    assertEquals(List.of(ref), owned.stream().map(GrantProvider.Owned::reference).toList());
    assertEquals(alice.oid(), owned.get(0).principalId());

    endNow(id);
    awaitState(id, "EXPIRED");
    assertEquals(0, assignmentsOf(alice.oid(), scope).size());
    assertEquals(List.of(), pim.owned(scope));
    as(alice).get("/api/v1/access-requests/" + id + "/audit").then()
        .body("type", hasItem("request.activated"))
        .body("type", hasItem("request.expired"))
        .body("findAll { it.type == 'azure.call' && it.details.method == 'PUT' }.details.path",
            hasItem(containsString("/roleAssignmentScheduleRequests/")))
        .body("findAll { it.type == 'azure.call' && it.details.method == 'PUT' }.size()", equalTo(2));
  }

  @Test
  void earlyRevoke_sendsAnAdminRemove_andTheAccessIsGone() throws Exception {
    String scope = newScope();
    String id = approve(submit(scope));
    String ref = awaitState(id, "ACTIVE").getString("grantRef");
    as(alice).contentType(ContentType.JSON).post("/api/v1/access-requests/" + id + "/revoke").then().statusCode(200)
        .body("state", equalTo("REVOKED"));
    await(id, p -> p.get("accessRemovedAt") != null);
    assertEquals(0, assignmentsOf(alice.oid(), scope).size());
    assertTrue(azure.authorization().getRoleAssignmentScheduleRequests()
        .listForScope(scope, "atScope()", com.azure.core.util.Context.NONE).stream()
        .anyMatch(r -> "AdminRemove".equals(r.requestType().toString()) && ref.endsWith(r.targetRoleAssignmentScheduleId())),
        "Azure got an AdminRemove for the assignment");
  }

  @Test
  void overlappingRequests_shareOneAssignment_andTheSecondsAccessOutlivesTheFirst() throws Exception {
    String scope = newScope();
    String first = approve(submit(scope));
    JsonPath a = awaitState(first, "ACTIVE");
    String second = approve(submit(scope));
    JsonPath b = awaitState(second, "ACTIVE");
    assertEquals(a.getString("grantRef"), b.getString("grantRef"));
    assertFalse(b.getBoolean("grantPreexisting"), "the broker's own assignment, extended");
    assertFalse(scheduleEnd(b.getString("grantRef")).isBefore(Instant.parse(a.getString("expiresAt"))),
        "never shortened");

    endNow(first);
    awaitState(first, "EXPIRED");
    assertEquals(1, assignmentsOf(alice.oid(), scope).size(), "the second request still holds the access");

    endNow(second);
    awaitState(second, "EXPIRED");
    assertEquals(0, assignmentsOf(alice.oid(), scope).size());
  }

  @Test
  void extension_movesThePimEnd_byItsDuration_andOutlivesTheOriginal() throws Exception {
    String scope = newScope();
    String original = approve(submit(scope));
    JsonPath held = awaitState(original, "ACTIVE");
    Instant originalEnd = Instant.parse(held.getString("expiresAt"));
    String extension = as(alice).contentType(ContentType.JSON)
        .body(Map.of("duration", "PT30M", "justification", "INC-4711 needs another half hour"))
        .post("/api/v1/access-requests/" + original + "/extend")
        .then().statusCode(201).body("extendsId", equalTo(original)).extract().path("id");
    approve(extension);
    JsonPath extended = awaitState(extension, "ACTIVE");
    Instant extendedEnd = Instant.parse(extended.getString("expiresAt"));
    assertEquals(originalEnd.plus(Duration.ofMinutes(30)), extendedEnd);
    assertEquals(held.getString("grantRef"), extended.getString("grantRef"));
    assertEquals(extendedEnd, scheduleEnd(extended.getString("grantRef")), "Azure ends it at the extension's end");

    endNow(original);
    awaitState(original, "EXPIRED");
    assertEquals(1, assignmentsOf(alice.oid(), scope).size(), "the original's expiry leaves the extension's access");
    assertEquals(extendedEnd, scheduleEnd(extended.getString("grantRef")));
  }

  @Test
  void tenantWithoutP2_isRefusedAtSubmit_namingTheLicence_andSuggestingAzureRbac() {
    String subscription = UUID.randomUUID().toString();
    sandbox.pimLicence(subscription, false);
    try {
      as(alice).contentType(ContentType.JSON).body(body("/subscriptions/" + subscription + "/resourceGroups/rg"))
          .post("/api/v1/access-requests")
          .then().statusCode(400).contentType("application/problem+json")
          .body("errors[0].field", equalTo("grantType"))
          .body("errors[0].message", containsString("Entra ID P2"))
          .body("errors[0].message", containsString("azure-rbac"));
    } finally {
      sandbox.pimLicence(subscription, true);
    }
  }

  @Test
  void licenceGoneBeforeTheGrant_failsForGood_withTheDiagnosis() throws Exception {
    String subscription = UUID.randomUUID().toString();
    String scope = "/subscriptions/" + subscription + "/resourceGroups/rg-" + UUID.randomUUID();
    String id = submit(scope);
    sandbox.pimLicence(subscription, false);
    try {
      approve(id);
      JsonPath failed = awaitState(id, "FAILED");
      assertTrue(failed.getString("lastError").contains("no Microsoft Entra ID P2 licence"), failed.getString("lastError"));
      assertTrue(failed.getString("lastError").contains("azure-rbac"), failed.getString("lastError"));
      assertEquals(0, assignmentsOf(alice.oid(), scope).size());
    } finally {
      sandbox.pimLicence(subscription, true);
    }
  }

  @Test
  void throttlingAndServerErrors_areRetried_untilTheGrantSucceeds() throws Exception {
    String scope = newScope();
    String throttled = submit(scope);
    sandbox.failNext(4, 429);
    approve(throttled);
    awaitState(throttled, "ACTIVE");
    as(alice).get("/api/v1/access-requests/" + throttled + "/audit").then()
        .body("findAll { it.type == 'azure.call' }.details.status", hasItem(429));

    String other = newScope();
    String failing = submit(other);
    sandbox.failNext(4, 503);
    approve(failing);
    awaitState(failing, "ACTIVE");
    as(alice).get("/api/v1/access-requests/" + failing + "/audit").then()
        .body("findAll { it.type == 'azure.call' }.details.status", hasItem(503));
    assertEquals(1, assignmentsOf(alice.oid(), scope).size());
    assertEquals(1, assignmentsOf(alice.oid(), other).size());
  }

  private static String newScope() {
    return SUB + "/resourceGroups/rg-" + UUID.randomUUID();
  }

  private Map<String, Object> body(String scope) {
    Map<String, Object> body = Requests.valid();
    body.put("scope", scope);
    body.put("grantType", "azure-pim");
    return body;
  }

  private String submit(String scope) {
    return as(alice).contentType(ContentType.JSON).body(body(scope)).post("/api/v1/access-requests")
        .then().statusCode(201).extract().path("id");
  }

  private String approve(String id) {
    as(bob).contentType(ContentType.JSON).post("/api/v1/access-requests/" + id + "/approve").then().statusCode(200);
    return id;
  }

  // The polling and sandbox look-ups every grant test shares.
  private GrantFlows flows() {
    return new GrantFlows(alice, bob, sandbox, dataSource);
  }

  private JsonPath await(String id, Predicate<JsonPath> done) throws InterruptedException {
    return flows().await(id, done);
  }

  private JsonPath awaitState(String id, String state) throws InterruptedException {
    return flows().awaitState(id, state);
  }

  private void endNow(String id) throws Exception {
    flows().endNow(id);
  }

  private Instant scheduleEnd(String ref) {
    String scope = ref.substring(0, ref.indexOf("/providers/"));
    RoleAssignmentScheduleInner s = azure.authorization().getRoleAssignmentSchedules()
        .get(scope, ref.substring(ref.lastIndexOf('/') + 1));
    return s.endDateTime().toInstant();
  }

  private List<RoleAssignment> assignmentsOf(String principal, String scope) {
    return flows().assignmentsOf(principal, scope);
  }
}

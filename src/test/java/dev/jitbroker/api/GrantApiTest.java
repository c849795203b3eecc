package dev.jitbroker.api;

import static dev.jitbroker.testsupport.Contract.as;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.azure.resourcemanager.authorization.models.RoleAssignmentCreateParameters;
import dev.jitbroker.grant.azure.AzureClients;
import dev.jitbroker.request.Reconciling;
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

/** azure-rbac grants through the real Azure SDK, over HTTPS, against the ARM sandbox. */
@QuarkusTest
class GrantApiTest {

  static final String SUB = "/subscriptions/44444444-0000-4000-8000-000000000000";
  static final String READER = "acdd72a7-3385-48ef-bd42-f606fba81ae7";

  @Inject ArmSandbox sandbox;
  @Inject AzureClients azure;
  @Inject DataSource dataSource;
  @Inject Reconciling reconciling;

  private final User alice = Tokens.newUser("alice");
  private final User bob = Tokens.newUser("bob", "approver");

  private String approved(String scope, String role) {
    Map<String, Object> body = Requests.valid();
    body.put("scope", scope);
    body.put("role", role);
    String id = as(alice).contentType(ContentType.JSON).body(body).post("/api/v1/access-requests")
        .then().statusCode(201).extract().path("id");
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

  private List<RoleAssignment> assignmentsOf(String principal, String scope) {
    return flows().assignmentsOf(principal, scope);
  }

  @Test
  void approvedRequest_isGrantedInAzure_thenRemovedAtItsEnd() throws Exception {
    String scope = SUB + "/resourceGroups/rg-" + UUID.randomUUID();
    String id = approved(scope, "Reader");
    JsonPath active = awaitState(id, "ACTIVE");
    Instant activatedAt = Instant.parse(active.getString("activatedAt"));
    assertEquals(activatedAt.plus(Duration.ofHours(1)), Instant.parse(active.getString("expiresAt")));
    List<RoleAssignment> held = assignmentsOf(alice.oid(), scope);
    assertEquals(1, held.size());
    assertTrue(held.get(0).roleDefinitionId().endsWith(READER));
    assertTrue(held.get(0).description().contains(id));

    endNow(id);
    awaitState(id, "EXPIRED");
    assertEquals(0, assignmentsOf(alice.oid(), scope).size());
    as(alice).get("/api/v1/access-requests/" + id + "/audit").then()
        .body("type", hasItem("request.activated"))
        .body("type", hasItem("request.expired"))
        .body("findAll { it.type == 'azure.call' }.details.method", hasItem("PUT"))
        .body("findAll { it.type == 'azure.call' }.details.method", hasItem("DELETE"))
        .body("find { it.type == 'azure.call' && it.details.method == 'PUT' }.details.status", equalTo(201))
        .body("find { it.type == 'azure.call' && it.details.method == 'PUT' }.details.requestId", notNullValue());
  }

  @Test
  void earlyRevoke_removesTheAssignment() throws Exception {
    String scope = SUB + "/resourceGroups/rg-" + UUID.randomUUID();
    String id = approved(scope, "Reader");
    awaitState(id, "ACTIVE");
    as(alice).contentType(ContentType.JSON).post("/api/v1/access-requests/" + id + "/revoke").then().statusCode(200)
        .body("state", equalTo("REVOKED"));
    await(id, p -> p.get("accessRemovedAt") != null);
    assertEquals(0, assignmentsOf(alice.oid(), scope).size());
  }

  @Test
  void overlappingRequests_shareOneAssignment_untilTheLastEnds() throws Exception {
    String scope = SUB + "/resourceGroups/rg-" + UUID.randomUUID();
    String first = approved(scope, "Reader");
    String second = approved(scope, "Reader");
    JsonPath a = awaitState(first, "ACTIVE");
    JsonPath b = awaitState(second, "ACTIVE");
    assertEquals(a.getString("grantRef"), b.getString("grantRef"));
    assertEquals(1, assignmentsOf(alice.oid(), scope).size());

    endNow(first);
    awaitState(first, "EXPIRED");
    assertEquals(1, assignmentsOf(alice.oid(), scope).size(), "the second request still holds the access");

    endNow(second);
    awaitState(second, "EXPIRED");
    assertEquals(0, assignmentsOf(alice.oid(), scope).size());
  }

  @Test
  void standingAccess_isRecorded_andNeverRemoved() throws Exception {
    String scope = SUB + "/resourceGroups/rg-" + UUID.randomUUID();
    String standing = UUID.randomUUID().toString();
    azure.authorization().getRoleAssignments().create(scope, standing, new RoleAssignmentCreateParameters()
        .withRoleDefinitionId(SUB + "/providers/Microsoft.Authorization/roleDefinitions/" + READER)
        .withPrincipalId(alice.oid())
        .withDescription("standing access, not the broker's"));
    String id = approved(scope, "Reader");
    JsonPath active = awaitState(id, "ACTIVE");
    assertEquals(true, active.getBoolean("grantPreexisting"));
    assertTrue(active.getString("grantRef").endsWith("/roleAssignments/" + standing), active.getString("grantRef"));
    endNow(id);
    awaitState(id, "EXPIRED");
    List<RoleAssignment> left = assignmentsOf(alice.oid(), scope);
    assertEquals(1, left.size());
    assertEquals(standing, left.get(0).name());
  }

  @Test
  void serverErrors_areRetried_untilTheGrantSucceeds() throws Exception {
    String scope = SUB + "/resourceGroups/rg-" + UUID.randomUUID();
    sandbox.failNext(4, 503);
    String id = approved(scope, "Reader");
    awaitState(id, "ACTIVE");
    as(alice).get("/api/v1/access-requests/" + id + "/audit").then()
        .body("findAll { it.type == 'azure.call' }.details.status", hasItem(503));
    assertEquals(1, assignmentsOf(alice.oid(), scope).size());
  }

  @Test
  void reconciler_removesOrphans_recordsDrift_andLeavesEverythingElse() throws Exception {
    String scope = SUB + "/resourceGroups/rg-" + UUID.randomUUID();
    String held = approved(scope, "Reader");
    awaitState(held, "ACTIVE");
    // An assignment the broker made whose commit was lost (a crash between the PUT and the commit).
    String orphanName = UUID.randomUUID().toString();
    String someoneElse = UUID.randomUUID().toString();
    azure.authorization().getRoleAssignments().create(scope, orphanName, new RoleAssignmentCreateParameters()
        .withRoleDefinitionId(SUB + "/providers/Microsoft.Authorization/roleDefinitions/" + READER)
        .withPrincipalId(someoneElse)
        .withDescription("Granted just in time by jit-broker for access request " + UUID.randomUUID()));
    // Standing access of someone else at the same scope: not the broker's, never touched.
    String standingName = UUID.randomUUID().toString();
    azure.authorization().getRoleAssignments().create(scope, standingName, new RoleAssignmentCreateParameters()
        .withRoleDefinitionId(SUB + "/providers/Microsoft.Authorization/roleDefinitions/b24988ac-6180-42a0-ab88-20f7382dd24c")
        .withPrincipalId(someoneElse)
        .withDescription("standing"));

    Reconciling.Report first = reconciling.reconcile();
    assertTrue(first.orphansRemoved() >= 1, first.toString());
    List<String> names = sandbox.roleAssignments().stream()
        .filter(a -> a.scope().equalsIgnoreCase(scope)).map(RoleAssignment::name).toList();
    assertTrue(!names.contains(orphanName), names.toString());
    assertTrue(names.contains(standingName), names.toString());
    assertEquals(1, assignmentsOf(alice.oid(), scope).size(), "the active request's assignment stays");

    // Someone removes the active request's assignment out of band: that is drift, and it is recorded.
    String ref = as(alice).get("/api/v1/access-requests/" + held).then().extract().path("grantRef");
    azure.authorization().getRoleAssignments().deleteById(ref);
    reconciling.reconcile();
    as(alice).get("/api/v1/access-requests/" + held + "/audit").then()
        .body("type", hasItem("grant.drift"));
  }

  @Test
  void reconcilerScopeThatFails_auditsItsArmCalls_andLeavesNoneForTheNextWork() throws Exception {
    String scope = SUB + "/resourceGroups/rg-" + UUID.randomUUID();
    awaitState(approved(scope, "Reader"), "ACTIVE");
    java.time.Instant start = java.time.Instant.now();
    // A 403 is not retried by the SDK: the next ARM call fails once. A grant worker may take it first; try again.
    Reconciling.Report report = null;
    for (int i = 0; i < 5 && (report == null || report.failedScopes() == 0); i++) {
      sandbox.failNext(1, 403);
      report = reconciling.reconcile();
    }
    assertTrue(report.failedScopes() >= 1, report.toString());
    try (java.sql.Connection c = dataSource.getConnection();
        java.sql.PreparedStatement q = c.prepareStatement("SELECT count(*) FROM audit_event WHERE type = 'azure.call' "
            + "AND request_id IS NULL AND details->>'status' = '403' AND occurred_at >= ?")) {
      q.setObject(1, java.time.OffsetDateTime.ofInstant(start, java.time.ZoneOffset.UTC));
      try (java.sql.ResultSet rs = q.executeQuery()) {
        rs.next();
        assertTrue(rs.getLong(1) >= 1, "the failed listing is in the audit trail as the reconciler's call");
      }
    }
  }

  @Test
  void unknownRole_failsForGood_withADiagnosis() throws Exception {
    String scope = SUB + "/resourceGroups/rg-" + UUID.randomUUID();
    String id = approved(scope, "Chief Coffee Officer");
    JsonPath failed = awaitState(id, "FAILED");
    assertTrue(failed.getString("lastError").contains("no role named"), failed.getString("lastError"));
    assertEquals(0, assignmentsOf(alice.oid(), scope).size());
    as(alice).get("/api/v1/access-requests/" + id + "/audit").then()
        .body("find { it.type == 'request.failed' }.details.diagnosis", containsString("Chief Coffee Officer"));
  }
}

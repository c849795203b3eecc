package dev.jitbroker.api;

import static dev.jitbroker.testsupport.Contract.as;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jitbroker.sandbox.ArmSandbox;
import dev.jitbroker.testsupport.Tokens;
import dev.jitbroker.testsupport.Tokens.User;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What Azure's failures do to a grant: throttling and timeouts are retried, a refusal fails the request for good. */
@QuarkusTest
class GrantFaultsApiTest {

  static final String SUB = "/subscriptions/55555555-0000-4000-8000-000000000000";

  @Inject ArmSandbox sandbox;
  @Inject DataSource dataSource;

  private final User alice = Tokens.newUser("alice");
  private final User bob = Tokens.newUser("bob", "approver");
  private GrantFlows flows;

  @BeforeEach
  void setUp() {
    flows = new GrantFlows(alice, bob, sandbox, dataSource);
  }

  private String approvedReader(String scope) {
    Map<String, Object> body = Requests.valid();
    body.put("scope", scope);
    return flows.approved(body);
  }

  @Test
  void throttling_isRetried_afterRetryAfter_untilTheGrantSucceeds() throws Exception {
    String scope = SUB + "/resourceGroups/rg-" + UUID.randomUUID();
    sandbox.failNext(4, 429);
    String id = approvedReader(scope);
    flows.awaitState(id, "ACTIVE");
    assertEquals(1, flows.assignmentsOf(alice.oid(), scope).size());
    as(alice).get("/api/v1/access-requests/" + id + "/audit").then()
        .body("findAll { it.type == 'azure.call' }.details.status", hasItem(429));
  }

  @Test
  void aCallAzureNeverAnswers_timesOut_andIsRetried() throws Exception {
    String scope = SUB + "/resourceGroups/rg-" + UUID.randomUUID();
    long before = sandbox.calls("PUT", 0) + sandbox.calls("GET", 0);
    sandbox.timeoutNext(1);
    String id = approvedReader(scope);
    flows.awaitState(id, "ACTIVE");
    assertEquals(1, flows.assignmentsOf(alice.oid(), scope).size(), "the retry made no second assignment");
    assertEquals(before + 1, sandbox.calls("PUT", 0) + sandbox.calls("GET", 0), "one call went unanswered");
  }

  @Test
  void aPermanentRefusal_failsTheRequest_withAzuresReason_andLeavesNothing() throws Exception {
    String scope = SUB + "/resourceGroups/rg-" + UUID.randomUUID();
    sandbox.failNext(1, 403);
    String id = approvedReader(scope);
    JsonPath failed = flows.awaitState(id, "FAILED");
    assertTrue(failed.getString("lastError").contains("AuthorizationFailed")
        || failed.getString("lastError").contains("authorization"), failed.getString("lastError"));
    assertEquals(1, failed.getInt("grantAttempts"), "a refusal is not retried");
    assertEquals(0, flows.assignmentsOf(alice.oid(), scope).size());
    as(alice).get("/api/v1/access-requests/" + id + "/audit").then()
        .body("findAll { it.type == 'azure.call' }.details.status", hasItem(403))
        .body("find { it.type == 'request.failed' }.details.diagnosis", containsString("authorization"));
  }
}

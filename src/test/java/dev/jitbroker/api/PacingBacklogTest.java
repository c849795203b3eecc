package dev.jitbroker.api;

import static dev.jitbroker.testsupport.Contract.as;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jitbroker.sandbox.ArmSandbox;
import dev.jitbroker.testsupport.Tokens;
import dev.jitbroker.testsupport.Tokens.User;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * A backlog longer than the broker's own ARM write budget: the workers wait for the budget again and
 * again, and none of that waiting uses up a request's attempts. Before, each wait counted as a failed
 * attempt, and an approval storm failed requests that Azure never refused.
 */
@QuarkusTest
@TestProfile(PacingBacklogTest.TinyBudget.class)
class PacingBacklogTest {

  /** The broker paces itself to 1 write a second; ARM (the sandbox) would take more; 2 attempts at most. */
  public static class TinyBudget implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of(
          "jit.sandbox.write-burst", "20",
          "jit.sandbox.write-refill-per-second", "20",
          "jit.azure.write-burst", "1",
          "jit.azure.write-rate", "1",
          "jit.grants.max-attempts", "2");
    }
  }

  private static final int GRANTS = 10;

  @Inject ArmSandbox sandbox;
  @Inject DataSource dataSource;

  @Test
  void aBacklogLongerThanTheBudget_waitsForIt_withoutFailingAnyRequest() throws Exception {
    User alice = Tokens.newUser("alice");
    User bob = Tokens.newUser("bob", "approver");
    GrantFlows flows = new GrantFlows(alice, bob, sandbox, dataSource);
    String sub = "/subscriptions/66666666-0000-4000-8000-0000000000b2/resourceGroups/b-" + UUID.randomUUID();
    long throttledBefore = sandbox.calls("PUT", 429);
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < GRANTS; i++) {
      Map<String, Object> body = Requests.valid();
      body.put("scope", sub + "/providers/Microsoft.KeyVault/vaults/kv" + i);
      ids.add(as(alice).contentType(ContentType.JSON).body(body).post("/api/v1/access-requests")
          .then().statusCode(201).extract().path("id"));
    }
    // Approved together: 10 writes due at once against a budget of 1 a second.
    for (String id : ids) {
      as(bob).contentType(ContentType.JSON).post("/api/v1/access-requests/" + id + "/approve").then().statusCode(200);
    }
    int waitedForBudget = 0;
    for (String id : ids) {
      flows.awaitState(id, "ACTIVE");
      List<String> retries = as(alice).get("/api/v1/access-requests/" + id + "/audit").then().statusCode(200)
          .extract().path("findAll { it.type == 'request.grant_retry' }.details.error");
      waitedForBudget += (int) retries.stream().filter(e -> e != null && e.contains("write budget")).count();
    }
    assertTrue(waitedForBudget > 0, "the backlog was longer than the budget, so some request waited for it");
    assertEquals(throttledBefore, sandbox.calls("PUT", 429), "no write was throttled by ARM");
  }
}

package dev.jitbroker.api;

import static dev.jitbroker.testsupport.Contract.as;
import static org.junit.jupiter.api.Assertions.assertEquals;

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
import org.junit.jupiter.api.Test;

/** With ARM's write budget shrunk to 5 at once and 5 a second, a burst of grants drains without a single 429. */
@QuarkusTest
@TestProfile(PacingTest.SmallBudget.class)
class PacingTest {

  /** ARM (the sandbox) with a budget of 5 writes refilled at 5 a second; the broker paces just under it. */
  public static class SmallBudget implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of(
          "jit.sandbox.write-burst", "5",
          "jit.sandbox.write-refill-per-second", "5",
          // Well under ARM's bucket, so no jitter of this machine can make the two disagree.
          "jit.azure.write-burst", "3",
          "jit.azure.write-rate", "3.5");
    }
  }

  private static final int GRANTS = 20;

  @Inject ArmSandbox sandbox;

  @Test
  void aBurstOfGrants_isPacedToTheBudget_withoutThrottling() throws Exception {
    User alice = Tokens.newUser("alice");
    User bob = Tokens.newUser("bob", "approver");
    String sub = "/subscriptions/66666666-0000-4000-8000-000000000000/resourceGroups/p-" + UUID.randomUUID();
    long throttledBefore = sandbox.calls("PUT", 429);
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < GRANTS; i++) {
      Map<String, Object> body = Requests.valid();
      body.put("scope", sub + "/providers/Microsoft.KeyVault/vaults/kv" + i);
      String id = as(alice).contentType(ContentType.JSON).body(body).post("/api/v1/access-requests")
          .then().statusCode(201).extract().path("id");
      as(bob).contentType(ContentType.JSON).post("/api/v1/access-requests/" + id + "/approve").then().statusCode(200);
      ids.add(id);
    }
    long deadline = System.nanoTime() + 60_000_000_000L;
    for (String id : ids) {
      String state;
      do {
        state = as(alice).get("/api/v1/access-requests/" + id).then().extract().path("state");
        if (!"ACTIVE".equals(state)) {
          Thread.sleep(100);
        }
      } while (!"ACTIVE".equals(state) && System.nanoTime() < deadline);
      String why = as(alice).get("/api/v1/access-requests/" + id).then().extract().path("lastError");
      assertEquals("ACTIVE", state, id + ": " + why);
    }
    assertEquals(throttledBefore, sandbox.calls("PUT", 429), "no write was throttled by ARM");
  }
}

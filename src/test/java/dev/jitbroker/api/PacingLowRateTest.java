package dev.jitbroker.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jitbroker.sandbox.ArmSandbox;
import dev.jitbroker.testsupport.Tokens;
import dev.jitbroker.testsupport.Tokens.User;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * A write budget shared thinly (here 0.4 writes a second, as 9.8 split among 25 replicas): one write
 * is 2.5 s away, longer than the usual 2 s a worker waits for it. A grant that makes two writes (PIM:
 * the assignment exists, so it is extended) must still get its second write, not give up on it and
 * start over forever.
 */
@QuarkusTest
@TestProfile(PacingLowRateTest.LowRate.class)
class PacingLowRateTest {

  public static class LowRate implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of(
          "jit.azure.write-burst", "1",
          "jit.azure.write-rate", "0.4");
    }
  }

  @Inject ArmSandbox sandbox;
  @Inject DataSource dataSource;

  @Test
  void aGrantOfTwoWrites_getsBoth_whenOneWriteIsLongerAwayThanTheUsualWait() throws Exception {
    User alice = Tokens.newUser("alice");
    User bob = Tokens.newUser("bob", "approver");
    GrantFlows flows = new GrantFlows(alice, bob, sandbox, dataSource);
    String scope = PimGrantApiTest.SUB + "/resourceGroups/rg-" + UUID.randomUUID();
    String first = flows.approved(pim(scope));
    JsonPath a = flows.awaitState(first, "ACTIVE");
    // The same access again: a PUT that finds the assignment (one write), then its extension (another).
    String second = flows.approved(pim(scope));
    JsonPath b = flows.awaitState(second, "ACTIVE");
    assertEquals(a.getString("grantRef"), b.getString("grantRef"), "one assignment, extended");
  }

  private static Map<String, Object> pim(String scope) {
    Map<String, Object> body = Requests.valid();
    body.put("scope", scope);
    body.put("grantType", "azure-pim");
    return body;
  }
}

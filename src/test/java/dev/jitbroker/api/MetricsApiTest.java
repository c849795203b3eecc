package dev.jitbroker.api;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jitbroker.sandbox.ArmSandbox;
import dev.jitbroker.testsupport.Tokens;
import dev.jitbroker.testsupport.Tokens.User;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** The workers' figures at /q/metrics: grant latency, revocation lag and ARM calls by status. */
@QuarkusTest
class MetricsApiTest {

  @Inject ArmSandbox sandbox;
  @Inject DataSource dataSource;

  private final User alice = Tokens.newUser("alice");
  private final User bob = Tokens.newUser("bob", "approver");

  private static double value(String metrics, String series) {
    Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + " ([0-9.eE+-]+)$").matcher(metrics);
    return m.find() ? Double.parseDouble(m.group(1)) : 0;
  }

  private static String metrics() {
    return given().get("/q/metrics").then().statusCode(200).extract().asString();
  }

  @Test
  void grantAndExpiry_areCounted_withLatencyAndLag() throws Exception {
    String latency = "jit_grant_latency_seconds_count{grant_type=\"azure-rbac\"}";
    String lag = "jit_revocation_lag_seconds_count{grant_type=\"azure-rbac\",reason=\"expired\"}";
    String puts = "jit_arm_calls_total{method=\"PUT\",status=\"201\"}";
    String before = metrics();

    GrantFlows flows = new GrantFlows(alice, bob, sandbox, dataSource);
    Map<String, Object> body = Requests.valid();
    body.put("scope", "/subscriptions/66666666-0000-4000-8000-000000000000/resourceGroups/rg-" + UUID.randomUUID());
    String id = flows.approved(body);
    flows.awaitState(id, "ACTIVE");
    flows.endNow(id);
    flows.awaitState(id, "EXPIRED");

    String after = metrics();
    assertTrue(value(after, latency) >= value(before, latency) + 1, after);
    assertTrue(value(after, lag) >= value(before, lag) + 1, after);
    assertTrue(value(after, puts) >= value(before, puts) + 1, after);
    assertTrue(after.contains("jit_revocation_lag_seconds_bucket{"), "a histogram, so p99 can be computed");
  }
}

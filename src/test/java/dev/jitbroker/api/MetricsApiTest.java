package dev.jitbroker.api;

import static dev.jitbroker.testsupport.Contract.as;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jitbroker.sandbox.ArmSandbox;
import dev.jitbroker.testsupport.Tokens;
import dev.jitbroker.testsupport.Tokens.User;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.function.ToDoubleFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * The figures at /q/metrics: grant latency, revocation lag, ARM calls by status, requests by state,
 * time to decision, policy decisions by outcome, and the outbox.
 */
@QuarkusTest
class MetricsApiTest {

  private static final String AUTO_SCOPE = "/subscriptions/22222222-0000-4000-8000-000000000000/resourceGroups/auto-metrics";
  private static final Duration PATIENCE = Duration.ofSeconds(30);

  @Inject ArmSandbox sandbox;
  @Inject DataSource dataSource;

  private final User alice = Tokens.newUser("alice");
  private final User bob = Tokens.newUser("bob", "approver");

  private static double value(String metrics, String series) {
    Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + " ([0-9.eE+-]+)$").matcher(metrics);
    return m.find() ? Double.parseDouble(m.group(1)) : 0;
  }

  private static boolean has(String metrics, String series) {
    return Pattern.compile("(?m)^" + Pattern.quote(series) + " ").matcher(metrics).find();
  }

  private static String metrics() {
    return given().get("/q/metrics").then().statusCode(200).extract().asString();
  }

  private String submit(Map<String, Object> body) {
    return as(alice).contentType(ContentType.JSON).body(body).post("/api/v1/access-requests")
        .then().statusCode(201).extract().path("id");
  }

  private long count(String sql) throws Exception {
    try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql); ResultSet rs = s.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /** Waits until the gauge {@code series} shows what {@code expected} counts in the database at that moment. */
  private void awaitGaugeMatches(String series, ToDoubleFunction<Void> expected) throws Exception {
    Instant deadline = Instant.now().plus(PATIENCE);
    double shown;
    double wanted;
    do {
      wanted = expected.applyAsDouble(null);
      shown = value(metrics(), series);
      if (shown == wanted) {
        return;
      }
      Thread.sleep(200);
    } while (Instant.now().isBefore(deadline));
    assertEquals(wanted, shown, series + " does not follow the database");
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

  /** The sum of a counter over every series whose tags include {@code tag}. */
  private static double sum(String metrics, String name, String tag) {
    Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + "\\{([^}]*)\\} ([0-9.eE+-]+)$").matcher(metrics);
    double total = 0;
    while (m.find()) {
      if (m.group(1).contains(tag)) {
        total += Double.parseDouble(m.group(2));
      }
    }
    return total;
  }

  @Test
  void throttledArmCalls_areCountedByStatus429() throws Exception {
    double before = sum(metrics(), "jit_arm_calls_total", "status=\"429\"");
    GrantFlows flows = new GrantFlows(alice, bob, sandbox, dataSource);
    Map<String, Object> body = Requests.valid();
    body.put("scope", "/subscriptions/66666666-0000-4000-8000-000000000000/resourceGroups/rg-" + UUID.randomUUID());
    sandbox.failNext(1, 429);
    String id = flows.approved(body);
    flows.awaitState(id, "ACTIVE");
    String after = metrics();
    assertTrue(sum(after, "jit_arm_calls_total", "status=\"429\"") >= before + 1, after);
  }

  @Test
  void policyDecisions_areCountedByOutcome() {
    String auto = "jit_policy_decisions_total{grant_type=\"azure-rbac\",outcome=\"auto\"}";
    String approval = "jit_policy_decisions_total{grant_type=\"azure-rbac\",outcome=\"approval\"}";
    String deny = "jit_policy_decisions_total{grant_type=\"azure-rbac\",outcome=\"deny\"}";
    String before = metrics();

    submit(Requests.with("scope", AUTO_SCOPE));
    submit(Requests.valid());
    submit(Requests.with("role", "Owner"));
    submit(Requests.with("role", "Owner"));

    String after = metrics();
    assertTrue(value(after, auto) >= value(before, auto) + 1, after);
    assertTrue(value(after, approval) >= value(before, approval) + 1, after);
    assertTrue(value(after, deny) >= value(before, deny) + 2, after);
  }

  @Test
  void timeToDecision_isAHistogram_byOutcomeAndChannel() {
    String approved = "jit_request_decision_time_seconds_count{outcome=\"approved\",via=\"api\"}";
    String denied = "jit_request_decision_time_seconds_count{outcome=\"denied\",via=\"api\"}";
    String byPolicy = "jit_request_decision_time_seconds_count{outcome=\"approved\",via=\"policy\"}";
    String before = metrics();

    String approve = submit(Requests.valid());
    as(bob).contentType(ContentType.JSON).post("/api/v1/access-requests/" + approve + "/approve").then().statusCode(200);
    String deny = submit(Requests.valid());
    as(bob).contentType(ContentType.JSON).post("/api/v1/access-requests/" + deny + "/deny").then().statusCode(200);
    submit(Requests.with("scope", AUTO_SCOPE));

    String after = metrics();
    assertTrue(value(after, approved) >= value(before, approved) + 1, after);
    assertTrue(value(after, denied) >= value(before, denied) + 1, after);
    assertTrue(value(after, byPolicy) >= value(before, byPolicy) + 1, after);
    assertTrue(after.contains("jit_request_decision_time_seconds_bucket{"), "a histogram, so p50/p99 can be computed");
  }

  @Test
  void requestsByState_followTheDatabase() throws Exception {
    submit(Requests.valid());
    String pending = "jit_requests{state=\"PENDING\"}";
    awaitGaugeMatches(pending, v -> uncheckedCount("SELECT count(*) FROM access_request WHERE state = 'PENDING'"));
    String all = metrics();
    assertTrue(value(all, pending) >= 1, all);
    for (String state : new String[] {"APPROVED", "ACTIVE", "EXPIRED", "REVOKED", "DENIED", "CANCELLED", "TIMED_OUT", "FAILED"}) {
      assertTrue(has(all, "jit_requests{state=\"" + state + "\"}"), "a gauge for " + state);
    }
  }

  @Test
  void outboxDepthAndOldestAge_showANotificationWaitingForAnHour() throws Exception {
    // Due an hour ago, its next attempt a day away: waiting, and left alone by the dispatcher.
    UUID id = UUID.randomUUID();
    execute("INSERT INTO notification (id, request_id, event, channel, recipient, state, due_at, next_attempt_at,"
        + " tries_since, payload, created_at) VALUES ('" + id + "', '" + UUID.randomUUID() + "', 'submitted', 'metrics-test',"
        + " 'approvers', 'PENDING', now() - interval '1 hour', now() + interval '1 day', now() - interval '1 hour',"
        + " '{}'::jsonb, now() - interval '1 hour')");
    try {
      awaitGaugeMatches("jit_outbox_depth", v -> uncheckedCount(
          "SELECT count(*) FROM notification WHERE state = 'PENDING' AND due_at <= now()"));
      String all = metrics();
      assertTrue(value(all, "jit_outbox_depth") >= 1, all);
      assertTrue(value(all, "jit_outbox_oldest_age_seconds") >= 3600, all);
    } finally {
      execute("DELETE FROM notification WHERE id = '" + id + "'");
    }
  }

  private void execute(String sql) throws Exception {
    try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
      s.executeUpdate();
    }
  }

  private long uncheckedCount(String sql) {
    try {
      return count(sql);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}

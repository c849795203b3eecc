package dev.jitbroker.notify;

import static dev.jitbroker.testsupport.Contract.as;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jitbroker.notify.LoopbackReceiver.Reply;
import dev.jitbroker.testsupport.CapturedLogs;
import dev.jitbroker.testsupport.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the service writes to its log: a request id and a correlation id on every line of a request,
 * the access request a worker handles on its lines, and never a secret.
 */
@QuarkusTest
@TestProfile(NotifyProfile.class)
class LogsApiTest {

  private static final String FLAKY_RG = "/subscriptions/66666666-0000-4000-8000-000000000000/resourceGroups/flaky-rg";
  private static final String NOTIFY_RG = "/subscriptions/66666666-0000-4000-8000-000000000000/resourceGroups/notify-rg";
  private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
  private static final String TRACEPARENT = "00-" + TRACE_ID + "-00f067aa0ba902b7-01";
  private static final String UUID_SHAPE = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

  @Inject OutboxStore store;

  private CapturedLogs logs;

  @BeforeEach
  void capture() {
    logs = CapturedLogs.install();
  }

  @AfterEach
  void release() {
    logs.close();
  }

  private Response refusedDecision(Map<String, String> headers) {
    return given().headers(headers).header("Jit-Integration", "pager").header("webhook-id", "msg_" + UUID.randomUUID())
        .header("webhook-timestamp", "1").header("webhook-signature", "v1,bm90IGEgc2lnbmF0dXJl")
        .contentType(ContentType.JSON).body("{}").post("/hooks/decisions");
  }

  private CapturedLogs.Line awaitLine(Predicate<CapturedLogs.Line> wanted) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    do {
      for (CapturedLogs.Line line : logs.lines()) {
        if (wanted.test(line)) {
          return line;
        }
      }
      Thread.sleep(50);
    } while (System.nanoTime() < deadline);
    throw new AssertionError("no such log line within 30 s; lines: " + logs.lines());
  }

  @Test
  void callersRequestId_andTraceparent_areAnswered_andOnTheRequestsLogLines() throws Exception {
    String requestId = "req-" + UUID.randomUUID();
    Response answer = refusedDecision(Map.of("X-Request-Id", requestId, "traceparent", TRACEPARENT));
    assertEquals(401, answer.statusCode(), answer.asString());
    assertEquals(requestId, answer.header("X-Request-Id"));
    assertEquals(TRACE_ID, answer.header("X-Correlation-Id"));

    CapturedLogs.Line refused = awaitLine(l -> l.message() != null && l.message().startsWith("Refused")
        && requestId.equals(l.mdc().get("requestId")));
    assertEquals(TRACE_ID, refused.mdc().get("correlationId"), refused.toString());
  }

  @Test
  void requestWithoutIds_getsNewOnes_andAnUnusableIdIsReplaced() {
    Response plain = given().get("/q/health/live");
    assertTrue(plain.header("X-Request-Id").matches(UUID_SHAPE), plain.header("X-Request-Id"));
    assertEquals(plain.header("X-Request-Id"), plain.header("X-Correlation-Id"), "no trace: the request is its own correlation");

    String forged = "x".repeat(129);
    Response replaced = given().header("X-Request-Id", forged).header("X-Correlation-Id", "corr-7")
        .header("traceparent", "00-" + "0".repeat(32) + "-00f067aa0ba902b7-01").get("/q/health/live");
    assertTrue(replaced.header("X-Request-Id").matches(UUID_SHAPE), replaced.header("X-Request-Id"));
    assertEquals("corr-7", replaced.header("X-Correlation-Id"), "an all-zero trace id is no trace; the header is next");

    Response distinct = given().get("/q/health/live");
    assertNotEquals(plain.header("X-Request-Id"), distinct.header("X-Request-Id"));
  }

  @Test
  void deadNotification_isLogged_withItsAccessRequestAndNotification() throws Exception {
    NotifyProfile.receiver.script("/flaky", Reply.status(500));
    String id = as(Tokens.newUser("alice")).contentType(ContentType.JSON)
        .body(Map.of("scope", FLAKY_RG, "role", "Reader", "duration", "PT1H", "justification", "Check the worker's log lines"))
        .post("/api/v1/access-requests").then().statusCode(201).extract().path("id");
    CapturedLogs.Line dead = awaitLine(l -> l.message() != null && l.message().contains("is dead") && l.message().contains(id));
    assertEquals(id, dead.mdc().get("accessRequestId"), dead.toString());
    Notification notification = store.forRequest(UUID.fromString(id)).stream()
        .filter(n -> n.state() == NotificationState.DEAD).findFirst().orElseThrow();
    assertEquals(notification.id().toString(), dead.mdc().get("notificationId"), dead.toString());
    NotifyProfile.receiver.script("/flaky", Reply.ok("{}"));
  }

  @Test
  void secrets_neverReachTheLog() throws Exception {
    // Slack (bot token), Teams (the URL is the secret) and signed webhooks, with a failing Teams receiver.
    NotifyProfile.receiver.script("/teams/workflow", Reply.status(500));
    String bearer = Tokens.newUser("alice").bearer();
    String id = given().header("Authorization", bearer).contentType(ContentType.JSON)
        .body(Map.of("scope", NOTIFY_RG, "role", "Reader", "duration", "PT1H", "justification", "Check what the log keeps"))
        .post("/api/v1/access-requests").then().statusCode(201).extract().path("id");
    awaitLine(l -> l.message() != null && l.message().contains("is dead") && l.message().contains(id));
    NotifyProfile.receiver.script("/teams/workflow", Reply.ok("1"));
    // Refused callbacks: a bad webhook signature, a bad Slack signature, a token for another audience.
    refusedDecision(Map.of());
    given().header("X-Slack-Request-Timestamp", "1").header("X-Slack-Signature", "v0=00")
        .contentType("application/x-www-form-urlencoded").body("payload=%7B%7D").post("/hooks/slack/interactions")
        .then().statusCode(401);
    String foreign = Tokens.newUser("mallory").claims().audience("api://someone-else").sign();
    given().header("Authorization", "Bearer " + foreign).get("/api/v1/access-requests").then().statusCode(401);

    List<String> secrets = List.of(NotifyProfile.SECRET, NotifyProfile.NEXT_SECRET, NotifyProfile.BOT_TOKEN,
        "teams-url-secret", "whsec_AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=", "8f742231b10e8888abcd99yyyzzz85a5",
        bearer.substring("Bearer ".length()), foreign);
    List<CapturedLogs.Line> lines = logs.lines();
    assertFalse(lines.isEmpty(), "the flows above wrote log lines");
    for (CapturedLogs.Line line : lines) {
      for (String secret : secrets) {
        assertFalse(line.all().contains(secret), "a secret in the log: " + line);
      }
    }
  }
}

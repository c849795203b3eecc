package dev.jitbroker.notify;

import static dev.jitbroker.testsupport.Contract.as;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jitbroker.notify.LoopbackReceiver.Received;
import dev.jitbroker.notify.LoopbackReceiver.Reply;
import dev.jitbroker.request.Actor;
import dev.jitbroker.request.RequestLifecycle;
import dev.jitbroker.request.Submission;
import dev.jitbroker.testsupport.Tokens;
import dev.jitbroker.testsupport.Tokens.User;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

/**
 * Notifications end to end: requests go through the API, the outbox rows are sent by the dispatcher to
 * real HTTP receivers on loopback, and what they receive is checked as a receiver would check it.
 */
@QuarkusTest
@TestProfile(NotifyProfile.class)
class NotificationsApiTest {

  private static final String NOTIFY_RG = "/subscriptions/66666666-0000-4000-8000-000000000000/resourceGroups/notify-rg";
  private static final String FLAKY_RG = "/subscriptions/66666666-0000-4000-8000-000000000000/resourceGroups/flaky-rg";

  private static final ObjectMapper JSON = new ObjectMapper();

  @Inject RequestLifecycle lifecycle;
  @Inject OutboxStore store;

  private final User admin = Tokens.newUser("ada", "admin");

  @Test
  void aRuleThatTakesDecisionsOnlySignedIn_showsALinkInSlack_butNoButtons() throws Exception {
    User alice = Tokens.newUser("alice");
    String id = submit(alice, "/subscriptions/66666666-0000-4000-8000-000000000000/resourceGroups/notify-api-rg",
        "Rotate the storage keys after INC-4711");
    JsonNode slack = body(await(() -> forRequest(NotifyProfile.receiver.at("/slack/api/chat.postMessage"), id)));
    List<String> actionIds = new ArrayList<>();
    find(slack.path("blocks"), "actions").path("elements").forEach(e -> actionIds.add(e.path("action_id").asText()));
    assertEquals(List.of("open"), actionIds);
  }

  @Test
  void pendingRequest_reachesSlackTeamsAndTheWebhook_eachAsItsReceiverExpects() throws Exception {
    User alice = Tokens.newUser("alice");
    String id = submit(alice, NOTIFY_RG, "Investigate INC-4711 <!channel> & more");
    LoopbackReceiver r = NotifyProfile.receiver;

    // Slack: chat.postMessage with the bot token, the facts, and buttons carrying the request id.
    JsonNode slack = body(await(() -> forRequest(r.at("/slack/api/chat.postMessage"), id)));
    Received slackCall = await(() -> forRequest(r.at("/slack/api/chat.postMessage"), id));
    assertEquals("Bearer " + NotifyProfile.BOT_TOKEN, slackCall.header("Authorization"));
    assertEquals(NotifyProfile.SLACK_CHANNEL, slack.path("channel").asText());
    assertTrue(slack.path("text").asText().startsWith("alice asks for Reader on notify-rg for 1 h"), slack.toString());
    String blocks = slack.path("blocks").toString();
    assertTrue(blocks.contains("Investigate INC-4711 &lt;!channel&gt; &amp; more"), "justification escaped: " + blocks);
    assertTrue(blocks.contains(NOTIFY_RG), blocks);
    JsonNode actions = find(slack.path("blocks"), "actions");
    List<String> actionIds = new ArrayList<>();
    actions.path("elements").forEach(e -> actionIds.add(e.path("action_id").asText()));
    assertEquals(List.of("approve", "deny", "open"), actionIds);
    assertEquals(id, actions.path("elements").get(0).path("value").asText());
    assertEquals(id, actions.path("elements").get(1).path("value").asText());
    assertEquals("https://jit.contoso.example/requests/" + id, actions.path("elements").get(2).path("url").asText());

    // Teams: one Adaptive Card with the facts and a link, no buttons to decide.
    JsonNode teams = body(await(() -> forRequest(r.at("/teams/workflow"), id)));
    JsonNode attachment = teams.path("attachments").get(0);
    assertEquals("message", teams.path("type").asText());
    assertEquals("application/vnd.microsoft.card.adaptive", attachment.path("contentType").asText());
    JsonNode card = attachment.path("content");
    assertEquals("AdaptiveCard", card.path("type").asText());
    JsonNode factSet = find(card.path("body"), "FactSet").path("facts");
    Map<String, String> facts = new java.util.LinkedHashMap<>();
    factSet.forEach(f -> facts.put(f.path("title").asText(), f.path("value").asText()));
    assertEquals("Reader", facts.get("Role"), facts.toString());
    assertEquals(NOTIFY_RG, facts.get("Scope"));
    assertEquals("1 h", facts.get("Duration"));
    assertEquals(id, facts.get("Request"));
    assertEquals(List.of("Action.OpenUrl"), types(card.path("actions")));

    // Webhook: a CloudEvent, signed with both secrets of the rotation.
    Received hook = await(() -> forRequest(r.at("/hooks"), id));
    JsonNode event = body(hook);
    assertEquals("1.0", event.path("specversion").asText());
    assertEquals("dev.jitbroker.request.pending", event.path("type").asText());
    assertEquals(id, event.path("data").path("id").asText());
    assertEquals(id, event.path("subject").asText());
    assertEquals("Reader", event.path("data").path("role").asText());
    assertTrue(hook.header("Content-Type").startsWith("application/cloudevents+json"));
    assertEquals(event.path("id").asText(), hook.header("webhook-id"));
    String[] signatures = hook.header("webhook-signature").split(" ");
    assertEquals(2, signatures.length);
    assertTrue(StandardWebhooks.verifies(NotifyProfile.SECRET, hook.header("webhook-id"), hook.header("webhook-timestamp"),
        hook.body(), hook.header("webhook-signature")));
    assertTrue(StandardWebhooks.verifies(NotifyProfile.NEXT_SECRET, hook.header("webhook-id"),
        hook.header("webhook-timestamp"), hook.body(), hook.header("webhook-signature")));
    assertFalse(StandardWebhooks.verifies(NotifyProfile.SECRET, hook.header("webhook-id"), hook.header("webhook-timestamp"),
        hook.body().replace("Reader", "Owner"), hook.header("webhook-signature")));

    // The Slack message's channel and ts are kept for updating it with the outcome.
    Notification posted = await(() -> store.forRequest(UUID.fromString(id)).stream()
        .filter(n -> n.channel().equals("slack-ops") && n.state() == NotificationState.DELIVERED).findFirst().orElse(null));
    assertEquals(NotifyProfile.SLACK_CHANNEL, posted.postedChannel());
    assertEquals(NotifyProfile.SLACK_TS, posted.postedTs());
    assertEquals(Notice.APPROVERS, posted.recipient());
  }

  @Test
  void requester_hearsApprovedActiveAndRevoked_andNoWarningAfterAccessEnded() throws Exception {
    User alice = Tokens.newUser("alice");
    User bob = Tokens.newUser("bob", "approver");
    String id = submit(alice, NOTIFY_RG, "Rotate the storage keys, CHG-1");
    as(bob).contentType(ContentType.JSON).post("/api/v1/access-requests/" + id + "/approve").then().statusCode(200);
    LoopbackReceiver r = NotifyProfile.receiver;
    await(() -> types(r, id).contains("dev.jitbroker.request.active") ? true : null);
    // "expiring" is due 15 minutes before the end: stored, not sent.
    assertTrue(store.forRequest(UUID.fromString(id)).stream()
        .anyMatch(n -> n.type() == NoticeType.EXPIRING && n.state() == NotificationState.PENDING));
    as(alice).contentType(ContentType.JSON).post("/api/v1/access-requests/" + id + "/revoke").then().statusCode(200);
    await(() -> types(r, id).contains("dev.jitbroker.request.revoked") ? true : null);
    // The approvers' Slack message shows the outcome too (awaited, so no later test shares its receiver).
    await(() -> forRequest(r.at("/slack/api/chat.update"), id));
    // Each event exactly once per audience; several dispatchers send in parallel, so arrival order is not promised.
    assertEquals(List.of("dev.jitbroker.request.active", "dev.jitbroker.request.approved",
        "dev.jitbroker.request.revoked"), types(r, id, alice.oid()).stream().sorted().toList());
    assertEquals(List.of("dev.jitbroker.request.approved", "dev.jitbroker.request.pending"),
        types(r, id, Notice.APPROVERS).stream().sorted().toList());
    assertTrue(store.forRequest(UUID.fromString(id)).stream().noneMatch(n -> n.type() == NoticeType.EXPIRING),
        "the warning of access that ended is withdrawn");
    Notification approved = store.forRequest(UUID.fromString(id)).stream()
        .filter(n -> n.type() == NoticeType.APPROVED && n.channel().equals("hooks")
            && !Notice.APPROVERS.equals(n.recipient())).findFirst().orElseThrow();
    assertEquals(alice.oid(), approved.recipient());
  }

  @Test
  void approvalThroughTheApi_replacesTheApproversSlackMessage_withTheOutcome_andNoButtons() throws Exception {
    User alice = Tokens.newUser("alice");
    User bob = Tokens.newUser("bob", "approver");
    LoopbackReceiver r = NotifyProfile.receiver;
    String id = submit(alice, NOTIFY_RG, "Rotate the storage keys, CHG-2");
    awaitState(id, "slack-ops", NotificationState.DELIVERED);
    as(bob).contentType(ContentType.JSON).post("/api/v1/access-requests/" + id + "/approve").then().statusCode(200);

    Received update = await(() -> forRequest(r.at("/slack/api/chat.update"), id));
    JsonNode body = body(update);
    assertEquals("Bearer " + NotifyProfile.BOT_TOKEN, update.header("Authorization"));
    assertEquals(NotifyProfile.SLACK_CHANNEL, body.path("channel").asText());
    assertEquals(NotifyProfile.SLACK_TS, body.path("ts").asText(), "the message that was posted, not a new one");
    String headline = body.path("blocks").get(0).path("text").path("text").asText();
    assertTrue(headline.contains("approved by " + bob.name()), headline);
    List<String> actionIds = new ArrayList<>();
    find(body.path("blocks"), "actions").path("elements").forEach(e -> actionIds.add(e.path("action_id").asText()));
    assertEquals(List.of("open"), actionIds, "the decision buttons are gone");
    assertTrue(forRequestAll(r.at("/slack/api/chat.postMessage"), id).size() == 1, "no second message");
  }

  @Test
  void slackMessageUpdate_thatSlackRateLimits_isRetried_untilTheMessageShowsTheOutcome() throws Exception {
    User alice = Tokens.newUser("alice");
    User bob = Tokens.newUser("bob", "approver");
    LoopbackReceiver r = NotifyProfile.receiver;
    String id = submit(alice, NOTIFY_RG, "Deny me, CHG-3");
    awaitState(id, "slack-ops", NotificationState.DELIVERED);
    r.script("/slack/api/chat.update", Reply.ok("{\"ok\":true}"), Reply.ok("{\"ok\":false,\"error\":\"ratelimited\"}"));
    as(bob).contentType(ContentType.JSON).body(Map.of("comment", "Not during the freeze"))
        .post("/api/v1/access-requests/" + id + "/deny").then().statusCode(200);

    Notification outcome = await(() -> store.forRequest(UUID.fromString(id)).stream()
        .filter(n -> n.channel().equals("slack-ops") && n.type() == NoticeType.DENIED
            && n.state() == NotificationState.DELIVERED).findFirst().orElse(null));
    assertTrue(outcome.attempts() >= 2, "attempts: " + outcome.attempts());
    List<Received> updates = forRequestAll(r.at("/slack/api/chat.update"), id);
    assertTrue(updates.size() >= 2, "updates: " + updates.size());
    String headline = body(updates.get(updates.size() - 1)).path("blocks").get(0).path("text").path("text").asText();
    assertTrue(headline.contains("denied by " + bob.name()), headline);
  }

  @Test
  void withdrawnPendingRequest_tellsTheApproversChannels() throws Exception {
    User alice = Tokens.newUser("alice");
    LoopbackReceiver r = NotifyProfile.receiver;
    String id = submit(alice, NOTIFY_RG, "Not needed after all");
    awaitState(id, "slack-ops", NotificationState.DELIVERED);
    as(alice).contentType(ContentType.JSON).post("/api/v1/access-requests/" + id + "/cancel").then().statusCode(200);
    await(() -> types(r, id, Notice.APPROVERS).contains("dev.jitbroker.request.cancelled") ? true : null);
    JsonNode update = body(await(() -> forRequest(r.at("/slack/api/chat.update"), id)));
    String headline = update.path("blocks").get(0).path("text").path("text").asText();
    assertTrue(headline.contains("withdrawn by the requester"), headline);
    assertTrue(types(r, id, alice.oid()).isEmpty(), "the requester is not told of their own withdrawal");
  }

  @Test
  void receiverAnswering500_isRetried_untilItTakesTheMessage() throws Exception {
    LoopbackReceiver r = NotifyProfile.receiver;
    r.script("/flaky", Reply.ok("{}"), Reply.status(500), Reply.status(503));
    String id = submit(Tokens.newUser("alice"), FLAKY_RG, "Check the 500s");
    Notification n = awaitState(id, "flaky", NotificationState.DELIVERED);
    // At least: on a loaded machine an answer may also miss the timeout once.
    assertTrue(n.attempts() >= 3, "attempts: " + n.attempts());
    List<Received> calls = forRequestAll(r.at("/flaky"), id);
    assertTrue(calls.size() >= 3, "calls: " + calls.size());
    assertEquals(1, calls.stream().map(c -> c.header("webhook-id")).distinct().count(), "one id across retries");
  }

  @Test
  void receiverThatHangs_timesOut_andIsRetried() throws Exception {
    LoopbackReceiver r = NotifyProfile.receiver;
    r.script("/flaky", Reply.ok("{}"), Reply.hang(Duration.ofSeconds(6)));
    String id = submit(Tokens.newUser("alice"), FLAKY_RG, "Check the timeouts");
    Notification n = awaitState(id, "flaky", NotificationState.DELIVERED);
    assertTrue(n.attempts() >= 2, "attempts: " + n.attempts());
    List<Received> calls = forRequestAll(r.at("/flaky"), id);
    assertTrue(calls.size() >= 2, "calls: " + calls.size());
    assertEquals(1, calls.stream().map(c -> c.header("webhook-id")).distinct().count(), "one id across retries");
  }

  @Test
  void receiverDownPastTheGiveUpTime_isDead_listedForAdmins_andReplayDelivers() throws Exception {
    LoopbackReceiver r = NotifyProfile.receiver;
    r.script("/flaky", Reply.status(500));
    String id = submit(Tokens.newUser("alice"), FLAKY_RG, "Check the dead letters");
    Notification dead = awaitState(id, "flaky", NotificationState.DEAD);
    assertTrue(dead.lastError().contains("HTTP 500") && dead.lastError().contains("Gave up"), dead.lastError());
    assertTrue(dead.attempts() > 1);

    List<Map<String, Object>> listed = as(admin).get("/api/v1/notifications?state=DEAD").then().statusCode(200)
        .extract().jsonPath().getList("items");
    assertTrue(listed.stream().anyMatch(m -> dead.id().toString().equals(m.get("id"))), listed.toString());

    r.script("/flaky", Reply.ok("{}"));
    int before = forRequestAll(r.at("/flaky"), id).size();
    as(admin).post("/api/v1/notifications/" + dead.id() + "/replay").then().statusCode(200)
        .body("state", equalTo("PENDING")).body("id", equalTo(dead.id().toString()));
    awaitState(id, "flaky", NotificationState.DELIVERED);
    List<Received> calls = forRequestAll(r.at("/flaky"), id);
    assertTrue(calls.size() > before);
    assertEquals(dead.id().toString(), calls.get(calls.size() - 1).header("webhook-id"));
  }

  @Test
  void replay_refusesPendingUnknownAndNonAdmins_withProblems() {
    as(admin).post("/api/v1/notifications/" + UUID.randomUUID() + "/replay").then().statusCode(404)
        .contentType("application/problem+json");
    as(admin).post("/api/v1/notifications/not-an-id/replay").then().statusCode(404)
        .contentType("application/problem+json");
    as(Tokens.newUser("bob", "approver")).get("/api/v1/notifications?state=DEAD").then().statusCode(403)
        .contentType("application/problem+json");
    as(admin).get("/api/v1/notifications?state=LOST").then().statusCode(400)
        .contentType("application/problem+json");
  }

  @Test
  void rolledBackTransaction_leavesNoNotification_andSendsNothing() throws Exception {
    User alice = Tokens.newUser("alice");
    Actor caller = new Actor(alice.oid(), alice.name(), Set.of(), Set.of());
    AtomicReference<UUID> rolledBack = new AtomicReference<>();
    try {
      QuarkusTransaction.requiringNew().run(() -> {
        rolledBack.set(lifecycle.submit(caller, new Submission.Raw(NOTIFY_RG, "Reader", "PT1H", "Rolled back", null, null,
            null), null).request().id());
        assertFalse(store.forRequest(rolledBack.get()).isEmpty(), "written in the transaction");
        throw new IllegalStateException("roll back");
      });
    } catch (IllegalStateException expected) {
      // The transaction rolled back.
    }
    assertNotNull(rolledBack.get());
    assertTrue(store.forRequest(rolledBack.get()).isEmpty());
    // A request committed after it is delivered; the rolled-back one never is.
    String later = submit(alice, NOTIFY_RG, "Committed after it");
    await(() -> forRequest(NotifyProfile.receiver.at("/hooks"), later));
    assertTrue(forRequestAll(NotifyProfile.receiver.at("/hooks"), rolledBack.get().toString()).isEmpty());
  }

  private static String submit(User user, String scope, String justification) {
    Map<String, Object> body = Map.of("scope", scope, "role", "Reader", "duration", "PT1H", "justification", justification);
    return as(user).contentType(ContentType.JSON).body(body).post("/api/v1/access-requests")
        .then().statusCode(201).extract().path("id");
  }

  private Notification awaitState(String requestId, String channel, NotificationState state) throws InterruptedException {
    return await(() -> store.forRequest(UUID.fromString(requestId)).stream()
        .filter(n -> n.channel().equals(channel) && n.state() == state).findFirst().orElse(null));
  }

  private static List<String> types(LoopbackReceiver r, String id) {
    return forRequestAll(r.at("/hooks"), id).stream().map(h -> body(h).path("type").asText()).toList();
  }

  private static List<String> types(LoopbackReceiver r, String id, String recipient) {
    return forRequestAll(r.at("/hooks"), id).stream().map(NotificationsApiTest::body)
        .filter(e -> recipient.equals(e.path("recipient").asText())).map(e -> e.path("type").asText()).toList();
  }

  private static Received forRequest(List<Received> received, String id) {
    List<Received> all = forRequestAll(received, id);
    return all.isEmpty() ? null : all.get(0);
  }

  // Every message names the request id: Slack in its button values, Teams in its facts, webhooks in data.id.
  private static List<Received> forRequestAll(List<Received> received, String id) {
    return received.stream().filter(h -> h.body().contains(id)).toList();
  }

  private static JsonNode body(Received r) {
    try {
      return JSON.readTree(r.body());
    } catch (Exception e) {
      throw new AssertionError("not JSON: " + r.body(), e);
    }
  }

  private static JsonNode find(JsonNode blocks, String type) {
    return StreamSupport.stream(blocks.spliterator(), false).filter(b -> type.equals(b.path("type").asText()))
        .findFirst().orElseThrow(() -> new AssertionError("no " + type + " block in " + blocks));
  }

  private static List<String> types(JsonNode array) {
    List<String> types = new ArrayList<>();
    array.forEach(a -> types.add(a.path("type").asText()));
    return types;
  }

  /** Polls until {@code probe} gives a value, with a generous deadline. */
  private static <T> T await(Supplier<T> probe) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    do {
      T value = probe.get();
      if (value != null) {
        return value;
      }
      Thread.sleep(50);
    } while (System.nanoTime() < deadline);
    throw new AssertionError("not reached within 30 s");
  }
}

package dev.jitbroker.api;

import static dev.jitbroker.api.HookFixtures.ANYWHERE;
import static dev.jitbroker.api.HookFixtures.HANA;
import static dev.jitbroker.api.HookFixtures.JSON;
import static dev.jitbroker.api.HookFixtures.SIGNED_IN_ONLY;
import static dev.jitbroker.api.HookFixtures.SLACK_SECRET;
import static dev.jitbroker.api.HookFixtures.events;
import static dev.jitbroker.api.HookFixtures.refusals;
import static dev.jitbroker.api.HookFixtures.state;
import static dev.jitbroker.api.HookFixtures.submit;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jitbroker.hooks.SlackSignature;
import dev.jitbroker.testsupport.Contract;
import dev.jitbroker.testsupport.Tokens;
import dev.jitbroker.testsupport.Tokens.User;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.jboss.logging.Logger;

/** POST /hooks/slack/interactions: Approve and Deny buttons in Slack, with the message updated through response_url. */
@QuarkusTest
class SlackInteractionsApiTest {

  private static final Logger LOG = Logger.getLogger(SlackInteractionsApiTest.class);
  private static HookReceiver slack;

  private final User requester = Tokens.newUser("rita");

  @BeforeAll
  static void startReceiver() throws Exception {
    slack = new HookReceiver();
  }

  @AfterAll
  static void stopReceiver() {
    slack.close();
  }

  /** One click as Slack sends it: the form body, its timestamp and signature. */
  private record Click(String body, String timestamp, String signature, String responseUrl) {
    ValidatableResponse post() {
      // URL-encoded, so ASCII: sent byte for byte as signed.
      var spec = Contract.anonymous().contentType("application/x-www-form-urlencoded").body(body)
          .header("X-Slack-Request-Timestamp", timestamp);
      if (signature != null) {
        spec = spec.header("X-Slack-Signature", signature);
      }
      return spec.post("/hooks/slack/interactions").then();
    }
  }

  /** The block_actions payload of a click by {@code slackUser} on {@code actionId} in a request's message. */
  private static String payload(String slackUser, String actionId, String requestId, String responseUrl) {
    ObjectNode root = JSON.createObjectNode();
    root.put("type", "block_actions");
    root.putObject("user").put("id", slackUser).put("username", slackUser.toLowerCase());
    root.putObject("team").put("id", "T0TEST");
    root.put("response_url", responseUrl);
    ObjectNode message = root.putObject("message");
    var blocks = message.putArray("blocks");
    blocks.addObject().put("type", "section").putObject("text").put("type", "mrkdwn")
        .put("text", "*rita* asks for Contributor on hooks-rg for 1 hour");
    ObjectNode actions = blocks.addObject().put("type", "actions");
    actions.putArray("elements").addObject().put("type", "button").put("action_id", "approve").put("value", requestId);
    ObjectNode action = root.putArray("actions").addObject();
    action.put("type", "button").put("action_id", actionId).put("value", requestId).put("block_id", "decide");
    return root.toString();
  }

  private static Click click(String slackUser, String actionId, String requestId, long timestamp, String secret) {
    String url = slack.newUrl();
    String body = "payload=" + URLEncoder.encode(payload(slackUser, actionId, requestId, url), StandardCharsets.UTF_8);
    String ts = Long.toString(timestamp);
    return new Click(body, ts, SlackSignature.sign(secret, ts, body.getBytes(StandardCharsets.UTF_8)), url);
  }

  private static Click click(String slackUser, String actionId, String requestId) {
    return click(slackUser, actionId, requestId, Instant.now().getEpochSecond(), SLACK_SECRET);
  }

  @Test
  void aSignedClick_approves_andTheMessageShowsWhoDecided() throws Exception {
    String id = submit(requester, ANYWHERE);
    Click approve = click("UIVAN", "approve", id);
    long started = System.nanoTime();
    approve.post().statusCode(200);
    LOG.infof("Slack interaction answered in %d ms", (System.nanoTime() - started) / 1_000_000);
    assertTrue(List.of("APPROVED", "ACTIVE").contains(state(id)), state(id));

    JsonNode update = JSON.readTree(slack.await(approve.responseUrl(), 1).get(0));
    assertTrue(update.path("replace_original").asBoolean());
    assertEquals("Approved by Ivan Inbound in Slack.", update.path("text").asText());
    JsonNode blocks = update.path("blocks");
    assertEquals("section", blocks.get(0).path("type").asText(), "the request's own text stays");
    for (JsonNode block : blocks) {
      assertFalse("actions".equals(block.path("type").asText()), "a decided request keeps no buttons: " + blocks);
    }
    assertEquals("*Approved* by Ivan Inbound in Slack.", blocks.get(blocks.size() - 1).path("elements").get(0).path("text").asText());

    Map<?, ?> details = (Map<?, ?>) events(id).stream().filter(e -> "request.approved".equals(e.get("type")))
        .findFirst().orElseThrow().get("details");
    assertEquals("chat", details.get("via"));
    assertEquals("slack", details.get("source"));
  }

  @Test
  void aDenyClick_denies() throws Exception {
    String id = submit(requester, ANYWHERE);
    Click deny = click("UHANA", "deny", id);
    deny.post().statusCode(200);
    assertEquals("DENIED", state(id));
    assertEquals("Denied by Hana Hook in Slack.", JSON.readTree(slack.await(deny.responseUrl(), 1).get(0)).path("text").asText());
  }

  @Test
  void aForgedClick_is401_andChangesNothing() {
    String id = submit(requester, ANYWHERE);
    click("UIVAN", "approve", id, Instant.now().getEpochSecond(), "not-the-signing-secret").post().statusCode(401)
        .contentType("application/problem+json").body("type", endsWith("/hook-bad-signature"));
    Click good = click("UIVAN", "approve", id);
    new Click(good.body(), good.timestamp(), null, good.responseUrl()).post().statusCode(401);
    new Click(good.body().replace("approve", "deny"), good.timestamp(), good.signature(), good.responseUrl()).post()
        .statusCode(401);
    assertEquals("PENDING", state(id));
  }

  @Test
  void aStaleClick_is401() {
    String id = submit(requester, ANYWHERE);
    click("UIVAN", "approve", id, Instant.now().minusSeconds(6 * 60).getEpochSecond(), SLACK_SECRET).post()
        .statusCode(401).body("type", endsWith("/hook-stale-timestamp"));
    assertEquals("PENDING", state(id));
  }

  @Test
  void aReplayedClick_is401() throws Exception {
    String id = submit(requester, ANYWHERE);
    Click deny = click("UHANA", "deny", id);
    deny.post().statusCode(200);
    deny.post().statusCode(401).body("type", endsWith("/hook-replayed"));
    assertEquals("DENIED", state(id));
    List<Map<String, Object>> refused = events(id).stream().filter(e -> "hook.refused".equals(e.get("type"))).toList();
    assertEquals(1, refused.size());
    assertEquals("replayed", ((Map<?, ?>) refused.get(0).get("details")).get("reason"));
  }

  @Test
  void aSlackUserWhoIsNotAnApprover_is403() throws Exception {
    String id = submit(requester, ANYWHERE);
    click("UNOBODY", "approve", id).post().statusCode(403).body("type", endsWith("/hook-unknown-approver"));
    // Mapped to an object id, but that approver is not configured.
    click("UGHOST", "approve", id).post().statusCode(403).body("type", endsWith("/hook-unknown-approver"));
    assertEquals("PENDING", state(id));
    assertEquals("UNOBODY", refusals("slackUser", "UNOBODY").get(0).path("details").path("slackUser").asText());
  }

  @Test
  void anApproverTheRuleDoesNotName_is403_andIsToldWhy_alone() throws Exception {
    String id = submit(requester, ANYWHERE);
    Click jack = click("UJACK", "approve", id);
    jack.post().statusCode(403).body("type", endsWith("/forbidden"));
    assertEquals("PENDING", state(id));
    JsonNode note = JSON.readTree(slack.await(jack.responseUrl(), 1).get(0));
    assertEquals("ephemeral", note.path("response_type").asText());
    assertFalse(note.path("replace_original").asBoolean());
    assertTrue(note.path("text").asText().startsWith("Your click changed nothing: Only"), note.toString());
  }

  @Test
  void theRequesterClicking_cannotApprove() {
    User hana = new User(HANA, "Hana Hook", List.of(), List.of());
    String id = submit(hana, ANYWHERE);
    click("UHANA", "approve", id).post().statusCode(403).body("detail", containsString("You asked for this access"));
    assertEquals("PENDING", state(id));
  }

  @Test
  void aRuleThatTakesNoChatDecisions_is403() {
    String id = submit(requester, SIGNED_IN_ONLY);
    click("UHANA", "approve", id).post().statusCode(403).body("detail", containsString("does not take decisions by chat"));
    assertEquals("PENDING", state(id));
  }

  @Test
  void anotherKindOfInteraction_isAnswered_andChangesNothing() {
    String id = submit(requester, ANYWHERE);
    String body = "payload=" + URLEncoder.encode("{\"type\":\"view_closed\",\"user\":{\"id\":\"UIVAN\"}}", StandardCharsets.UTF_8);
    String ts = Long.toString(Instant.now().getEpochSecond());
    new Click(body, ts, SlackSignature.sign(SLACK_SECRET, ts, body.getBytes(StandardCharsets.UTF_8)), null).post()
        .statusCode(200);
    assertEquals("PENDING", state(id));
  }
}

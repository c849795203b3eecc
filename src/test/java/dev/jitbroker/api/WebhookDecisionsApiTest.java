package dev.jitbroker.api;

import static dev.jitbroker.api.HookFixtures.ANYWHERE;
import static dev.jitbroker.api.HookFixtures.HANA;
import static dev.jitbroker.api.HookFixtures.INTEGRATION;
import static dev.jitbroker.api.HookFixtures.IVAN;
import static dev.jitbroker.api.HookFixtures.JACK;
import static dev.jitbroker.api.HookFixtures.ROTATED_SECRET;
import static dev.jitbroker.api.HookFixtures.SECRET;
import static dev.jitbroker.api.HookFixtures.SIGNED_IN_ONLY;
import static dev.jitbroker.api.HookFixtures.events;
import static dev.jitbroker.api.HookFixtures.refusals;
import static dev.jitbroker.api.HookFixtures.state;
import static dev.jitbroker.api.HookFixtures.submit;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jitbroker.hooks.StandardWebhook;
import dev.jitbroker.testsupport.Contract;
import dev.jitbroker.testsupport.Tokens;
import dev.jitbroker.testsupport.Tokens.User;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** POST /hooks/decisions: a signed decision from another system, checked like an approver's API call. */
@QuarkusTest
class WebhookDecisionsApiTest {

  private final User requester = Tokens.newUser("rita");

  /** One signed message as a sender builds it. */
  private record Message(String integration, String id, long timestamp, String body, String signature) {
    ValidatableResponse post() {
      var spec = Contract.anonymous().contentType("application/json").body(body.getBytes(StandardCharsets.UTF_8));
      if (integration != null) {
        spec = spec.header("Jit-Integration", integration);
      }
      if (id != null) {
        spec = spec.header("webhook-id", id);
      }
      spec = spec.header("webhook-timestamp", Long.toString(timestamp));
      if (signature != null) {
        spec = spec.header("webhook-signature", signature);
      }
      return spec.post("/hooks/decisions").then();
    }
  }

  private static String body(String requestId, String decision, String approver) {
    return "{\"requestId\":\"" + requestId + "\",\"decision\":\"" + decision + "\",\"approver\":\"" + approver
        + "\",\"comment\":\"ok from the pager\"}";
  }

  private static Message signed(String secret, long timestamp, String body) {
    String id = "msg_" + UUID.randomUUID();
    String signature = StandardWebhook.sign(StandardWebhook.key(secret), id, timestamp, body.getBytes(StandardCharsets.UTF_8));
    return new Message(INTEGRATION, id, timestamp, body, signature);
  }

  private static Message signed(String body) {
    return signed(SECRET, Instant.now().getEpochSecond(), body);
  }

  @Test
  void aSignedDecision_byANamedApprover_approves_andTheAuditSaysHow() {
    String id = submit(requester, ANYWHERE);
    signed(body(id, "approve", HANA)).post().statusCode(200)
        .body("requestId", equalTo(id)).body("state", equalTo("APPROVED")).body("approvals", equalTo(1));
    Map<String, Object> approved = events(id).stream().filter(e -> "request.approved".equals(e.get("type"))).findFirst()
        .orElseThrow();
    assertEquals(HANA, ((Map<?, ?>) approved.get("actor")).get("id"));
    Map<?, ?> details = (Map<?, ?>) approved.get("details");
    assertEquals("webhook", details.get("via"));
    assertEquals(INTEGRATION, details.get("source"));
    assertEquals("ok from the pager", details.get("comment"));
  }

  @Test
  void aDecisionSignedWithTheSecondSecret_isTaken_duringARotation_byAGroupMember() {
    String id = submit(requester, ANYWHERE);
    signed(ROTATED_SECRET, Instant.now().getEpochSecond(), body(id, "deny", IVAN)).post().statusCode(200)
        .body("state", equalTo("DENIED"));
  }

  @Test
  void aForgedSignature_is401_andChangesNothing() throws Exception {
    String id = submit(requester, ANYWHERE);
    String otherSecret = "whsec_" + java.util.Base64.getEncoder().encodeToString("an attacker's guess, 32 bytes!!".getBytes());
    Message forged = signed(otherSecret, Instant.now().getEpochSecond(), body(id, "approve", HANA));
    forged.post().statusCode(401).contentType("application/problem+json")
        .body("type", endsWith("/hook-bad-signature")).body(not(containsString("whsec_")));
    assertEquals("PENDING", state(id));
    List<JsonNode> audited = refusals("deliveryId", forged.id());
    assertEquals(1, audited.size());
    assertEquals("bad-signature", audited.get(0).path("details").path("reason").asText());
    assertEquals("unauthenticated", audited.get(0).path("actor").path("id").asText());
    assertFalse(audited.get(0).toString().contains(forged.signature()), "the audit event must not hold the signature");
    assertFalse(audited.get(0).toString().contains("whsec_"));
  }

  @Test
  void aMissingSignature_orAChangedBody_is401() {
    String id = submit(requester, ANYWHERE);
    Message good = signed(body(id, "approve", HANA));
    new Message(INTEGRATION, good.id(), good.timestamp(), good.body(), null).post().statusCode(401)
        .body("type", endsWith("/hook-bad-signature"));
    new Message(INTEGRATION, good.id(), good.timestamp(), body(id, "approve", IVAN), good.signature()).post()
        .statusCode(401);
    assertEquals("PENDING", state(id));
  }

  @Test
  void anUnknownIntegration_is401() {
    String id = submit(requester, ANYWHERE);
    Message good = signed(body(id, "approve", HANA));
    new Message("other", good.id(), good.timestamp(), good.body(), good.signature()).post().statusCode(401)
        .body("type", endsWith("/hook-unknown-integration"));
    new Message(null, good.id(), good.timestamp(), good.body(), good.signature()).post().statusCode(401);
    assertEquals("PENDING", state(id));
  }

  @Test
  void aStaleTimestamp_is401_evenWhenSignedRight() throws Exception {
    String id = submit(requester, ANYWHERE);
    Message stale = signed(SECRET, Instant.now().minusSeconds(6 * 60).getEpochSecond(), body(id, "approve", HANA));
    stale.post().statusCode(401).body("type", endsWith("/hook-stale-timestamp"));
    Message future = signed(SECRET, Instant.now().plusSeconds(6 * 60).getEpochSecond(), body(id, "approve", HANA));
    future.post().statusCode(401).body("type", endsWith("/hook-stale-timestamp"));
    assertEquals("PENDING", state(id));
    assertEquals("stale-timestamp", refusals("deliveryId", stale.id()).get(0).path("details").path("reason").asText());
  }

  @Test
  void aReplayedMessage_is401() throws Exception {
    String id = submit(requester, ANYWHERE);
    String denied = submit(requester, ANYWHERE);
    Message once = signed(body(id, "approve", HANA));
    once.post().statusCode(200);
    once.post().statusCode(401).body("type", endsWith("/hook-replayed"));
    // The same id again, even freshly signed over another body, is a replay too.
    String otherBody = body(denied, "deny", HANA);
    String resigned = StandardWebhook.sign(StandardWebhook.key(SECRET), once.id(), once.timestamp(),
        otherBody.getBytes(StandardCharsets.UTF_8));
    new Message(INTEGRATION, once.id(), once.timestamp(), otherBody, resigned).post().statusCode(401);
    assertEquals("PENDING", state(denied));
    assertEquals(2, refusals("deliveryId", once.id()).size());
  }

  @Test
  void anUnknownApprover_is403() throws Exception {
    String id = submit(requester, ANYWHERE);
    String stranger = UUID.randomUUID().toString();
    signed(body(id, "approve", stranger)).post().statusCode(403).contentType("application/problem+json")
        .body("type", endsWith("/hook-unknown-approver"));
    assertEquals("PENDING", state(id));
    assertEquals("unknown-approver", refusals("approver", stranger).get(0).path("details").path("reason").asText());
  }

  @Test
  void anApproverTheRuleDoesNotName_is403_andAudited() {
    String id = submit(requester, ANYWHERE);
    signed(body(id, "approve", JACK)).post().statusCode(403).body("type", endsWith("/forbidden"))
        .body("detail", containsString("Only"));
    assertEquals("PENDING", state(id));
    Map<String, Object> refused = events(id).stream().filter(e -> "hook.refused".equals(e.get("type"))).findFirst()
        .orElseThrow();
    assertEquals(JACK, ((Map<?, ?>) refused.get("actor")).get("id"));
    assertEquals("not-allowed", ((Map<?, ?>) refused.get("details")).get("reason"));
  }

  @Test
  void theRequesterAsApprover_is403() {
    User hana = new User(HANA, "Hana Hook", List.of(), List.of());
    String id = submit(hana, ANYWHERE);
    signed(body(id, "approve", HANA)).post().statusCode(403).body("detail", containsString("You asked for this access"));
    assertEquals("PENDING", state(id));
  }

  @Test
  void aRuleThatTakesNoWebhookDecisions_is403() {
    String id = submit(requester, SIGNED_IN_ONLY);
    signed(body(id, "approve", HANA)).post().statusCode(403)
        .body("detail", containsString("does not take decisions by webhook"));
    assertEquals("PENDING", state(id));
  }

  @Test
  void aRequestThatDoesNotExist_is403_likeOneTheApproverMayNotDecide() {
    signed(body(UUID.randomUUID().toString(), "approve", HANA)).post().statusCode(403)
        .body("detail", containsString("does not exist, or they may not decide it"));
  }

  @Test
  void aSignedBodyThatIsNotADecision_is400() {
    String id = submit(requester, ANYWHERE);
    signed(body(id, "maybe", HANA)).post().statusCode(400).body("errors[0].field", equalTo("decision"));
    signed("{\"requestId\":\"" + id + "\",\"decision\":\"approve\",\"approver\":\"" + HANA + "\",\"extra\":1}").post()
        .statusCode(400);
    assertEquals("PENDING", state(id));
  }

  /** Found by the API fuzzer: a signed body of just {@code null} was a 500. */
  @Test
  void aSignedNullBody_is400NamingTheBody() {
    signed("null").post().statusCode(400).body("errors[0].field", equalTo("body"));
  }

  @Test
  void aSecondDecisionOnADecidedRequest_is409() {
    String id = submit(requester, ANYWHERE);
    signed(body(id, "deny", HANA)).post().statusCode(200);
    signed(body(id, "approve", IVAN)).post().statusCode(409);
    assertTrue(state(id).equals("DENIED"));
  }
}

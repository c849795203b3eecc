package dev.jitbroker.hooks;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jitbroker.policy.DecisionChannel;
import dev.jitbroker.request.AccessRequest;
import dev.jitbroker.request.ActionNotAllowedException;
import dev.jitbroker.request.Actor;
import dev.jitbroker.request.DecidedVia;
import dev.jitbroker.request.RequestNotFoundException;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Slack's interactivity callback: an approver clicked Approve or Deny in a request's message. The click is
 * verified with the app's signing secret, the Slack user mapped to the approver they are, and the decision
 * taken through the same checks as the REST API.
 */
@ApplicationScoped
public class SlackInteractions {

  static final String ENDPOINT = "/hooks/slack/interactions";
  static final String SOURCE = "slack";

  private final HooksConfig config;
  private final ApproverDirectory directory;
  private final HookDecider decider;
  private final HookAudit audit;
  private final SlackResponder responder;
  private final Clock clock;
  private final ObjectMapper json;

  SlackInteractions(HooksConfig config, ApproverDirectory directory, HookDecider decider, HookAudit audit,
      SlackResponder responder, Clock clock, ObjectMapper json) {
    this.config = config;
    this.directory = directory;
    this.decider = decider;
    this.audit = audit;
    this.responder = responder;
    this.clock = clock;
    this.json = json;
  }

  /**
   * Verifies and takes one click; empty for interactions other than our buttons, which change nothing.
   *
   * @throws HookRefusal 401 when the signature or timestamp does not hold or the click is replayed; 403 when the
   *     Slack user is not a configured approver or may not decide the request
   * @throws IOException when the signed body is not an interactivity payload
   */
  public Optional<AccessRequest> take(String timestamp, String signature, byte[] body) throws IOException {
    HookAudit.Facts facts = HookAudit.Facts.of(SOURCE, null);
    SlackAction action = null;
    try {
      Instant sentAt = authenticate(timestamp, signature, body);
      Optional<SlackAction> read = SlackAction.read(body, json);
      if (read.isEmpty()) {
        return Optional.empty();
      }
      action = read.get();
      String objectId = directory.objectIdOfSlackUser(action.slackUser()).orElse(null);
      facts = facts.about(action.slackUser(), objectId, action.requestId(),
          action.decision().name().toLowerCase(java.util.Locale.ROOT));
      Actor approver = directory.approver(objectId).orElseThrow(() -> new HookRefusal(HookRefusal.Reason.UNKNOWN_APPROVER,
          "Your Slack user is not set up to decide access requests here; decide in jit-broker's API, or ask an "
              + "admin to map your Slack user to your approver identity."));
      AccessRequest decided = decide(approver, action, signature, sentAt);
      responder.decided(action, decided, approver);
      return Optional.of(decided);
    } catch (HookRefusal refusal) {
      audit.refused(ENDPOINT, refusal, facts);
      if (action != null && refusal.reason().status() == 403) {
        responder.refused(action, refusal.getMessage());
      }
      throw refusal;
    }
  }

  private AccessRequest decide(Actor approver, SlackAction action, String signature, Instant sentAt) {
    // Slack sends no delivery id; within the fresh window a signature names exactly one body and timestamp.
    HookDecider.Delivery delivery = new HookDecider.Delivery(digest(signature), sentAt.plus(config.tolerance()));
    try {
      return decider.decide(delivery, approver, action.requestId(), action.decision(), null,
          new DecidedVia(DecisionChannel.CHAT, SOURCE));
    } catch (ActionNotAllowedException e) {
      throw new HookRefusal(HookRefusal.Reason.NOT_ALLOWED, e.getMessage());
    } catch (RequestNotFoundException e) {
      throw new HookRefusal(HookRefusal.Reason.NOT_ALLOWED,
          "You cannot decide this access request: it does not exist, or you may not decide it.");
    }
  }

  private Instant authenticate(String timestamp, String signature, byte[] body) {
    List<String> secrets = config.slack().signingSecret().orElse(List.of());
    if (secrets.isEmpty()) {
      throw new HookRefusal(HookRefusal.Reason.UNKNOWN_INTEGRATION,
          "Slack callbacks are not set up here: no signing secret is configured.");
    }
    Instant sentAt = Freshness.parse(timestamp);
    if (sentAt == null || !SlackSignature.verify(secrets, timestamp.strip(), body, signature)) {
      throw new HookRefusal(HookRefusal.Reason.BAD_SIGNATURE,
          "X-Slack-Signature does not match the body and X-Slack-Request-Timestamp under the app's signing secret.");
    }
    if (!Freshness.fresh(sentAt, clock.instant(), config.tolerance())) {
      throw new HookRefusal(HookRefusal.Reason.STALE, "X-Slack-Request-Timestamp is more than "
          + config.tolerance().toMinutes() + " minutes from now.");
    }
    return sentAt;
  }

  private static String digest(String signature) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
          .digest(signature.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available in this JDK", e);
    }
  }
}

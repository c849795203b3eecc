package dev.jitbroker.hooks;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jitbroker.request.AccessRequest;
import dev.jitbroker.request.ActionNotAllowedException;
import dev.jitbroker.request.Actor;
import dev.jitbroker.request.Comment;
import dev.jitbroker.request.DecidedVia;
import dev.jitbroker.request.Decision;
import dev.jitbroker.request.InvalidRequestException;
import dev.jitbroker.request.RequestNotFoundException;
import dev.jitbroker.policy.DecisionChannel;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Decisions posted to {@code /hooks/decisions} by a named integration, signed per Standard Webhooks with
 * that integration's secret. The approver the message names decides as if they had called the API.
 */
@ApplicationScoped
public class WebhookDecisions {

  static final String ENDPOINT = "/hooks/decisions";

  private final HooksConfig config;
  private final ApproverDirectory directory;
  private final HookDecider decider;
  private final HookAudit audit;
  private final Clock clock;
  private final ObjectMapper json;

  WebhookDecisions(HooksConfig config, ApproverDirectory directory, HookDecider decider, HookAudit audit, Clock clock,
      ObjectMapper json) {
    this.config = config;
    this.directory = directory;
    this.decider = decider;
    this.audit = audit;
    this.clock = clock;
    // Strict like the API: a field we do not know is a mistake the sender should hear about.
    this.json = json.copy().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
  }

  /**
   * Verifies and takes one signed decision.
   *
   * @throws HookRefusal 401 when the signature, timestamp or id does not hold; 403 when the approver may not decide
   * @throws IOException when the signed body is not a decision message
   */
  public AccessRequest take(String integration, String id, String timestamp, String signature, byte[] body)
      throws IOException {
    HookAudit.Facts facts = HookAudit.Facts.of(integration == null ? null : "webhook:" + integration, id);
    try {
      Instant sentAt = authenticate(integration, id, timestamp, signature, body);
      DecisionMessage message = json.readValue(body, DecisionMessage.class);
      if (message == null) {
        // A signed body of just "null" is JSON, but no decision.
        throw new InvalidRequestException("body", "must be a JSON object with requestId, decision and approver");
      }
      facts = facts.about(null, message.approver(), message.requestId(), message.decision());
      Decision decision = decision(message);
      Comment comment = comment(message.comment());
      Actor approver = directory.approver(message.approver()).orElseThrow(() -> new HookRefusal(
          HookRefusal.Reason.UNKNOWN_APPROVER, "Approver '" + message.approver() + "' is not configured to decide by "
              + "webhook; add them under jit.hooks.approvers, or decide through the API."));
      return decideAs(approver, message.requestId(), decision, comment, integration, id, sentAt);
    } catch (HookRefusal refusal) {
      audit.refused(ENDPOINT, refusal, facts);
      throw refusal;
    }
  }

  private AccessRequest decideAs(Actor approver, String requestId, Decision decision, Comment comment,
      String integration, String id, Instant sentAt) {
    try {
      return decider.decide(new HookDecider.Delivery(id, sentAt.plus(config.tolerance())), approver, requestId,
          decision, comment, new DecidedVia(DecisionChannel.WEBHOOK, integration));
    } catch (ActionNotAllowedException e) {
      throw new HookRefusal(HookRefusal.Reason.NOT_ALLOWED, e.getMessage());
    } catch (RequestNotFoundException e) {
      // The integration is trusted to name approvers, not to learn which requests exist: one answer for both.
      throw new HookRefusal(HookRefusal.Reason.NOT_ALLOWED, "Approver '" + approver.id() + "' cannot decide access "
          + "request '" + requestId + "': it does not exist, or they may not decide it.");
    }
  }

  private Instant authenticate(String integration, String id, String timestamp, String signature, byte[] body) {
    HooksConfig.Integration known = integration == null ? null : config.integrations().get(integration);
    if (known == null) {
      throw new HookRefusal(HookRefusal.Reason.UNKNOWN_INTEGRATION, "Name a configured integration in the "
          + "'Jit-Integration' header; the one named is not configured.");
    }
    Instant sentAt = Freshness.parse(timestamp);
    if (id == null || id.isBlank() || sentAt == null || signature == null) {
      throw new HookRefusal(HookRefusal.Reason.BAD_SIGNATURE, "Sign the message per Standard Webhooks: "
          + "'webhook-id', 'webhook-timestamp' (Unix seconds) and 'webhook-signature' (v1,<base64>) are required.");
    }
    if (!StandardWebhook.verify(keys(known), id, sentAt.getEpochSecond(), body, signature)) {
      throw new HookRefusal(HookRefusal.Reason.BAD_SIGNATURE, "The webhook-signature does not match the message "
          + "under the integration's secret.");
    }
    if (!Freshness.fresh(sentAt, clock.instant(), config.tolerance())) {
      throw new HookRefusal(HookRefusal.Reason.STALE, "The webhook-timestamp is more than " + config.tolerance()
          .toMinutes() + " minutes from now; sign a fresh message (and check the sender's clock).");
    }
    return sentAt;
  }

  private static List<byte[]> keys(HooksConfig.Integration integration) {
    List<byte[]> keys = new ArrayList<>();
    for (String secret : integration.secret()) {
      keys.add(StandardWebhook.key(secret));
    }
    return keys;
  }

  private static Decision decision(DecisionMessage message) {
    List<InvalidRequestException.FieldError> errors = new ArrayList<>();
    if (message.requestId() == null || message.requestId().isBlank()) {
      errors.add(new InvalidRequestException.FieldError("requestId", "is required"));
    }
    if (message.approver() == null || message.approver().isBlank()) {
      errors.add(new InvalidRequestException.FieldError("approver", "is required: the approver's Entra object id"));
    }
    Decision decision = null;
    String word = message.decision() == null ? "" : message.decision().toLowerCase(Locale.ROOT);
    switch (word) {
      case "approve" -> decision = Decision.APPROVE;
      case "deny" -> decision = Decision.DENY;
      default -> errors.add(new InvalidRequestException.FieldError("decision", "must be approve or deny"));
    }
    if (!errors.isEmpty()) {
      throw new InvalidRequestException(errors);
    }
    return decision;
  }

  static Comment comment(String text) {
    try {
      return Comment.of(text);
    } catch (IllegalArgumentException e) {
      throw new InvalidRequestException("comment", e.getMessage());
    }
  }
}

package dev.jitbroker.request;

import dev.jitbroker.notify.Notice;
import dev.jitbroker.notify.NoticeType;
import dev.jitbroker.notify.Outbox;
import dev.jitbroker.policy.DecisionChannel;
import dev.jitbroker.policy.PolicySource;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Tells people what happened to a request, through the outbox, in the transaction of the change: the
 * routing rule's channels hear of a pending request and then of how it ended (approved, denied, timed
 * out, withdrawn), so a chat message can be updated to match; the requester's channels hear of
 * everything after submission.
 */
@ApplicationScoped
public class RequestNotices {

  /**
   * @param requesterChannels the channels requesters are told on
   * @param expiringLead how long before access ends the requester is warned
   */
  public record Settings(List<String> requesterChannels, Duration expiringLead) {
    public Settings {
      requesterChannels = List.copyOf(requesterChannels);
    }
  }

  private final Outbox outbox;
  private final PolicySource policies;
  private final Settings settings;

  RequestNotices(Outbox outbox, PolicySource policies, Settings settings) {
    this.outbox = outbox;
    this.policies = policies;
    this.settings = settings;
  }

  /** A new request: pending for its approvers, or decided by the policy at once. */
  void submitted(AccessRequest r) {
    switch (r.state()) {
      case PENDING -> toApprovers(r);
      case APPROVED -> toRequester(r, NoticeType.APPROVED, r.createdAt());
      case DENIED -> toRequester(r, NoticeType.DENIED, r.createdAt());
      default -> { }
    }
  }

  /** A decision that settled the request (a vote short of the quorum tells nobody). */
  void decided(AccessRequest r, Instant at) {
    if (r.state() == RequestState.APPROVED) {
      toApprovers(r, NoticeType.APPROVED, at);
      toRequester(r, NoticeType.APPROVED, at);
    } else if (r.state() == RequestState.DENIED) {
      toApprovers(r, NoticeType.DENIED, at);
      toRequester(r, NoticeType.DENIED, at);
    }
  }

  /** The requester withdrew a pending request: its approvers' messages say so. */
  void cancelled(AccessRequest r, RequestState from) {
    if (from == RequestState.PENDING) {
      toApprovers(r, NoticeType.CANCELLED, r.endedAt());
    }
  }

  /** Access exists: the requester hears now, and again shortly before it ends. */
  void activated(AccessRequest r) {
    toRequester(r, NoticeType.ACTIVE, r.activatedAt());
    Instant warnAt = r.expiresAt().minus(settings.expiringLead());
    // Access shorter than the lead gets no warning: "active" already said when it ends.
    if (warnAt.isAfter(r.activatedAt())) {
      toRequester(r, NoticeType.EXPIRING, warnAt);
    }
  }

  void failed(AccessRequest r) {
    toRequester(r, NoticeType.FAILED, r.endedAt());
  }

  void timedOut(AccessRequest r) {
    toApprovers(r, NoticeType.TIMED_OUT, r.endedAt());
    toRequester(r, NoticeType.TIMED_OUT, r.endedAt());
  }

  void revoked(AccessRequest r) {
    outbox.withdraw(r.id(), NoticeType.EXPIRING);
    toRequester(r, NoticeType.REVOKED, r.endedAt());
  }

  void expired(AccessRequest r, Instant at) {
    outbox.withdraw(r.id(), NoticeType.EXPIRING);
    toRequester(r, NoticeType.EXPIRED, at);
  }

  private void toApprovers(AccessRequest r) {
    toApprovers(r, NoticeType.PENDING, r.createdAt());
  }

  /** To the routing rule's channels: a pending request, or how a pending request ended. */
  private void toApprovers(AccessRequest r, NoticeType type, Instant at) {
    if (r.policyVersion() == null || r.policyRule() == null) {
      return;
    }
    List<String> channels = policies.version(r.policyVersion()).policy().notifyChannels(r.policyRule());
    if (!channels.isEmpty()) {
      outbox.add(new Notice(r.id(), type, channels, Notice.APPROVERS, at, facts(r)));
    }
  }

  private void toRequester(AccessRequest r, NoticeType type, Instant at) {
    if (!settings.requesterChannels().isEmpty()) {
      outbox.add(new Notice(r.id(), type, settings.requesterChannels(), r.requesterId(), at, facts(r)));
    }
  }

  /**
   * Whether approvers may decide this request from a chat message: its rule's {@code decisions} names
   * {@code chat}. Otherwise (high-risk roles) chat shows the request and a link, but no buttons.
   */
  private boolean decisionsInChat(AccessRequest r) {
    if (r.state() != RequestState.PENDING || r.policyVersion() == null || r.policyRule() == null) {
      return false;
    }
    return policies.version(r.policyVersion()).policy().approvalRule(r.policyRule())
        .map(rule -> rule.allows(DecisionChannel.CHAT))
        .orElse(false);
  }

  /** The request as messages show it: the fields of the API's AccessRequest that a reader needs. */
  private Map<String, Object> facts(AccessRequest r) {
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("id", r.id().toString());
    d.put("state", r.state().name());
    Map<String, Object> requester = new LinkedHashMap<>();
    requester.put("id", r.requesterId());
    requester.put("name", r.requesterName());
    d.put("requester", requester);
    d.put("principalId", r.principalId());
    d.put("scope", r.scope());
    d.put("role", r.role());
    d.put("grantType", r.grantType().wireName());
    d.put("duration", r.duration().toString());
    d.put("justification", r.justification());
    d.put("ticket", r.ticket());
    d.put("createdAt", text(r.createdAt()));
    d.put("decisionDeadline", text(r.decisionDeadline()));
    d.put("decidedAt", text(r.decidedAt()));
    d.put("activatedAt", text(r.activatedAt()));
    d.put("expiresAt", text(r.expiresAt()));
    d.put("endedAt", text(r.endedAt()));
    d.put("approvals", r.approvals().stream().map(a -> {
      Map<String, Object> approval = new LinkedHashMap<>();
      approval.put("approver", Map.of("id", a.approverId(), "name", a.approverName() == null ? "" : a.approverName()));
      approval.put("decision", a.decision().name());
      approval.put("comment", a.comment());
      approval.put("at", a.decidedAt().toString());
      return approval;
    }).toList());
    d.put("policyRule", r.policyRule());
    d.put("decisionReason", r.decisionReason());
    d.put("lastError", r.state() == RequestState.FAILED ? r.lastError() : null);
    d.put("decisionsInChat", decisionsInChat(r));
    return d;
  }

  private static String text(Instant at) {
    return at == null ? null : at.toString();
  }
}

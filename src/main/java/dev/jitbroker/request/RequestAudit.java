package dev.jitbroker.request;

import dev.jitbroker.audit.AuditEventType;
import dev.jitbroker.audit.AuditLog;
import dev.jitbroker.audit.AuditRecord;
import dev.jitbroker.policy.Routing;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;

/** One method per lifecycle event, each writing one audit event with the facts a reader needs. */
@ApplicationScoped
public class RequestAudit {

  private final AuditLog log;

  RequestAudit(AuditLog log) {
    this.log = log;
  }

  /** The submit, and for a request the policy decided at once, that decision as a second event. */
  void submitted(AccessRequest r, Actor actor, Routing routing) {
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("state", r.state().name());
    d.put("principalId", r.principalId());
    d.put("scope", r.scope());
    d.put("role", r.role());
    d.put("grantType", r.grantType().wireName());
    d.put("duration", r.duration().toString());
    d.put("justification", r.justification());
    if (r.ticket() != null) {
      d.put("ticket", r.ticket());
    }
    d.put("policyVersion", r.policyVersion());
    d.put("rule", r.policyRule());
    if (r.decisionDeadline() != null) {
      d.put("decisionDeadline", r.decisionDeadline().toString());
      d.put("requiredApprovals", r.requiredApprovals());
    }
    List<AuditRecord> events = new ArrayList<>(2);
    events.add(record(AuditEventType.REQUEST_SUBMITTED, r, actor, d, r.createdAt()));
    if (routing instanceof Routing.AutoApprove || routing instanceof Routing.Deny) {
      Map<String, Object> decided = transition(RequestState.PENDING, r.state());
      decided.put("by", "policy");
      decided.put("policyVersion", r.policyVersion());
      decided.put("rule", r.policyRule());
      if (r.decisionReason() != null) {
        decided.put("reason", r.decisionReason());
      }
      AuditEventType type = r.state() == RequestState.APPROVED ? AuditEventType.REQUEST_APPROVED : AuditEventType.REQUEST_DENIED;
      events.add(record(type, r, Actor.system("policy"), decided, r.createdAt()));
    }
    // Both events of a request the policy decided at once, in one round trip.
    log.append(events);
  }

  /** A decision: it approved or denied the request, or was recorded while the request stays pending. */
  void decided(AccessRequest r, Actor approver, Approval approval, RequestState from, DecidedVia via) {
    Map<String, Object> d = transition(from, r.state());
    d.put("decision", approval.decision().name());
    d.put("via", via.channel().word());
    if (via.source() != null) {
      d.put("source", via.source());
    }
    if (approval.comment() != null) {
      d.put("comment", approval.comment());
    }
    d.put("policyVersion", r.policyVersion());
    d.put("rule", r.policyRule());
    d.put("approvals", r.approvals().stream().filter(a -> a.decision() == Decision.APPROVE).count());
    d.put("requiredApprovals", r.requiredApprovals());
    AuditEventType type;
    if (r.state() == RequestState.APPROVED) {
      type = AuditEventType.REQUEST_APPROVED;
    } else if (r.state() == RequestState.DENIED) {
      type = AuditEventType.REQUEST_DENIED;
    } else {
      type = AuditEventType.REQUEST_DECISION_RECORDED;
    }
    write(type, r, approver, d, approval.decidedAt());
  }

  void cancelled(AccessRequest r, Actor actor, RequestState from, Comment comment) {
    write(AuditEventType.REQUEST_CANCELLED, r, actor, withComment(transition(from, r.state()), comment), r.endedAt());
  }

  void revoked(AccessRequest r, Actor actor, RequestState from, Comment comment) {
    write(AuditEventType.REQUEST_REVOKED, r, actor, withComment(transition(from, r.state()), comment), r.endedAt());
  }

  void timedOut(AccessRequest r, Actor actor, RequestState from) {
    Map<String, Object> d = transition(from, r.state());
    d.put("decisionDeadline", r.decisionDeadline().toString());
    write(AuditEventType.REQUEST_TIMED_OUT, r, actor, d, r.endedAt());
  }

  void activated(AccessRequest r, RequestState from) {
    Map<String, Object> d = transition(from, r.state());
    d.put("grantRef", r.grantRef());
    d.put("preexisting", r.grantPreexisting());
    d.put("expiresAt", r.expiresAt().toString());
    write(AuditEventType.REQUEST_ACTIVATED, r, Actor.system("grant-worker"), d, r.activatedAt());
  }

  void grantRetry(AccessRequest r, String error, boolean removing, Instant at) {
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("work", removing ? "remove" : "grant");
    d.put("attempt", r.grantAttempts());
    d.put("error", error);
    d.put("nextAttemptAt", r.nextAttemptAt() == null ? null : r.nextAttemptAt().toString());
    write(AuditEventType.REQUEST_GRANT_RETRY, r, Actor.system(removing ? "expiry-worker" : "grant-worker"), d, at);
  }

  void failed(AccessRequest r, RequestState from) {
    Map<String, Object> d = transition(from, r.state());
    d.put("diagnosis", r.lastError());
    d.put("attempts", r.grantAttempts());
    write(AuditEventType.REQUEST_FAILED, r, Actor.system("grant-worker"), d, r.endedAt());
  }

  void accessGone(AccessRequest r, RequestState from, boolean sharedWithOthers, Instant at) {
    Map<String, Object> d = transition(from, r.state());
    d.put("grantRef", r.grantRef());
    d.put("removedInAzure", !sharedWithOthers && !Boolean.TRUE.equals(r.grantPreexisting()));
    if (sharedWithOthers) {
      d.put("keptFor", "another active request holds the same access");
    } else if (Boolean.TRUE.equals(r.grantPreexisting())) {
      d.put("keptFor", "standing access that jit-broker did not create");
    }
    AuditEventType type = from == RequestState.ACTIVE && r.state() == RequestState.EXPIRED
        ? AuditEventType.REQUEST_EXPIRED : AuditEventType.REQUEST_ACCESS_REMOVED;
    write(type, r, Actor.system("expiry-worker"), d, at);
  }

  void azureCall(AccessRequest r, dev.jitbroker.grant.ExternalCall call, Instant at) {
    azureCall(r.id(), call, at);
  }

  /** One ARM call, for a request or (with a null id) for the reconciler's own work. */
  void azureCall(java.util.UUID requestId, dev.jitbroker.grant.ExternalCall call, Instant at) {
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("method", call.method());
    d.put("path", call.path());
    d.put("status", call.status());
    d.put("requestId", call.requestId());
    d.put("correlationId", call.correlationId());
    d.put("tookMs", call.took().toMillis());
    Actor azure = Actor.system("azure");
    log.append(new AuditRecord(AuditEventType.AZURE_CALL, azure.id(), azure.name(), requestId, d, at));
  }

  private static Map<String, Object> transition(RequestState from, RequestState to) {
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("from", from.name());
    d.put("to", to.name());
    return d;
  }

  private static Map<String, Object> withComment(Map<String, Object> d, Comment comment) {
    if (comment.text() != null) {
      d.put("comment", comment.text());
    }
    return d;
  }

  private void write(AuditEventType type, AccessRequest r, Actor actor, Map<String, Object> details, Instant at) {
    log.append(record(type, r, actor, details, at));
  }

  private static AuditRecord record(AuditEventType type, AccessRequest r, Actor actor, Map<String, Object> details, Instant at) {
    return new AuditRecord(type, actor.id(), actor.name(), r.id(), details, at);
  }
}

package dev.jitbroker.request;

import jakarta.persistence.CascadeType;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.OneToMany;
import jakarta.persistence.OrderBy;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;

/**
 * The aggregate: one person's request for a role on a scope for a while, and everything decided about it.
 *
 * <p>Every change goes through a method here that checks the lifecycle's rules; the version column makes
 * two concurrent changes of one request impossible (the second fails to commit).
 */
@Entity
@Table(name = "access_request")
public class AccessRequest {

  @Id
  private UUID id;

  @Enumerated(EnumType.STRING)
  @Column(name = "state", nullable = false)
  private RequestState state;

  @Column(name = "requester_id", nullable = false, updatable = false)
  private String requesterId;

  @Column(name = "requester_name", updatable = false)
  private String requesterName;

  @Column(name = "principal_id", nullable = false, updatable = false)
  private String principalId;

  @Column(name = "scope", nullable = false, updatable = false)
  private String scope;

  @Column(name = "role", nullable = false, updatable = false)
  private String role;

  @Enumerated(EnumType.STRING)
  @Column(name = "grant_type", nullable = false, updatable = false)
  private GrantType grantType;

  @Column(name = "duration_seconds", nullable = false, updatable = false)
  private long durationSeconds;

  @Column(name = "justification", nullable = false, updatable = false)
  private String justification;

  @Column(name = "ticket", updatable = false)
  private String ticket;

  @Column(name = "created_at", nullable = false, updatable = false)
  private Instant createdAt;

  @Column(name = "updated_at", nullable = false)
  private Instant updatedAt;

  @Column(name = "decision_deadline")
  private Instant decisionDeadline;

  @Column(name = "decided_at")
  private Instant decidedAt;

  @Column(name = "activated_at")
  private Instant activatedAt;

  @Column(name = "expires_at")
  private Instant expiresAt;

  @Column(name = "ended_at")
  private Instant endedAt;

  @Column(name = "idempotency_key", updatable = false)
  private String idempotencyKey;

  @Column(name = "fingerprint", nullable = false, updatable = false)
  private String fingerprint;

  @Version
  @Column(name = "version", nullable = false)
  private long version;

  // Eager: a request is always shown with its decisions, and there are only a few.
  @OneToMany(mappedBy = "request", cascade = CascadeType.PERSIST, fetch = FetchType.EAGER)
  @OrderBy("decidedAt, id")
  private List<Approval> approvals = new ArrayList<>();

  protected AccessRequest() {}

  /** A new request, waiting for a decision until {@code now + pendingTimeout}. */
  public static AccessRequest submit(
      UUID id, Actor requester, Submission s, String idempotencyKey, Instant now, Duration pendingTimeout) {
    AccessRequest r = new AccessRequest();
    r.id = id;
    r.state = RequestState.PENDING;
    r.requesterId = requester.id();
    r.requesterName = requester.name();
    r.principalId = s.principal().value();
    r.scope = s.scope().armId();
    r.role = s.role().value();
    r.grantType = s.grantType();
    r.durationSeconds = s.duration().toSeconds();
    r.justification = s.justification().text();
    r.ticket = s.ticket() == null ? null : s.ticket().value();
    r.createdAt = now;
    r.updatedAt = now;
    r.decisionDeadline = now.plus(pendingTimeout);
    r.idempotencyKey = idempotencyKey;
    r.fingerprint = s.fingerprint();
    return r;
  }

  /** Whether {@code actor} may see this request: its requester, its principal, and those who read all requests. */
  public boolean isVisibleTo(Actor actor) {
    return actor.id().equals(requesterId) || actor.id().equalsIgnoreCase(principalId) || actor.readsAll();
  }

  /**
   * Records an approver's decision. Until approval policies exist, one approval approves and one denial denies.
   *
   * @return the approval recorded
   */
  public Approval decide(Actor approver, Decision decision, Comment comment, Instant now) {
    String verb = decision == Decision.APPROVE ? "approved" : "denied";
    if (!approver.has(Role.APPROVER) && !approver.has(Role.ADMIN)) {
      throw new ActionNotAllowedException("Deciding a request needs the 'approver' role; ask an admin to assign it to you.");
    }
    if (approver.id().equals(requesterId)) {
      throw new ActionNotAllowedException("You asked for this access, so you cannot decide it; another approver must.");
    }
    if (approver.id().equalsIgnoreCase(principalId)) {
      throw new ActionNotAllowedException("This access would be granted to you, so you cannot decide it; another approver must.");
    }
    RequestState target = decision == Decision.APPROVE ? RequestState.APPROVED : RequestState.DENIED;
    requireMove(target, verb);
    for (Approval a : approvals) {
      if (a.approverId().equals(approver.id())) {
        throw new AlreadyDecidedException("You already decided access request " + id + " (" + a.decision() + ").");
      }
    }
    Approval approval = new Approval(this, approver, decision, comment, now);
    approvals.add(approval);
    move(target, now);
    decidedAt = now;
    if (target == RequestState.DENIED) {
      endedAt = now;
    }
    return approval;
  }

  /** The requester withdraws the request while it is still pending. */
  public void cancel(Actor actor, Instant now) {
    if (!actor.id().equals(requesterId)) {
      throw new ActionNotAllowedException("Only the requester can cancel a request.");
    }
    requireMove(RequestState.CANCELLED, "cancelled");
    move(RequestState.CANCELLED, now);
    endedAt = now;
  }

  /** The requester or an admin ends approved or active access early. */
  public void revoke(Actor actor, Instant now) {
    if (!actor.id().equals(requesterId) && !actor.has(Role.ADMIN)) {
      throw new ActionNotAllowedException("Only the requester or an admin can revoke access.");
    }
    requireMove(RequestState.REVOKED, "revoked");
    move(RequestState.REVOKED, now);
    endedAt = now;
  }

  /** Nobody decided in time. */
  public void timeOut(Instant now) {
    requireMove(RequestState.TIMED_OUT, "timed out");
    move(RequestState.TIMED_OUT, now);
    endedAt = now;
  }

  private void requireMove(RequestState target, String verb) {
    if (!state.canMoveTo(target)) {
      throw new IllegalTransitionException(id, state, target, verb);
    }
  }

  private void move(RequestState target, Instant now) {
    state = target;
    updatedAt = now;
  }

  public UUID id() {
    return id;
  }

  public RequestState state() {
    return state;
  }

  public String requesterId() {
    return requesterId;
  }

  public String requesterName() {
    return requesterName;
  }

  public String principalId() {
    return principalId;
  }

  public String scope() {
    return scope;
  }

  public String role() {
    return role;
  }

  public GrantType grantType() {
    return grantType;
  }

  public Duration duration() {
    return Duration.ofSeconds(durationSeconds);
  }

  public String justification() {
    return justification;
  }

  public String ticket() {
    return ticket;
  }

  public Instant createdAt() {
    return createdAt;
  }

  public Instant decisionDeadline() {
    return decisionDeadline;
  }

  public Instant decidedAt() {
    return decidedAt;
  }

  public Instant activatedAt() {
    return activatedAt;
  }

  public Instant expiresAt() {
    return expiresAt;
  }

  public Instant endedAt() {
    return endedAt;
  }

  public String idempotencyKey() {
    return idempotencyKey;
  }

  public String fingerprint() {
    return fingerprint;
  }

  public long version() {
    return version;
  }

  public List<Approval> approvals() {
    return Collections.unmodifiableList(approvals);
  }
}

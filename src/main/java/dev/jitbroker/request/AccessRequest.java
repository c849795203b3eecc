package dev.jitbroker.request;

import dev.jitbroker.policy.ApprovalRule;
import dev.jitbroker.policy.Approver;
import dev.jitbroker.policy.Eligibility;
import dev.jitbroker.policy.Routing;
import dev.jitbroker.policy.Tally;
import dev.jitbroker.policy.Vote;
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

  @Column(name = "policy_version", updatable = false)
  private Integer policyVersion;

  @Column(name = "policy_rule", updatable = false)
  private String policyRule;

  @Column(name = "required_approvals", updatable = false)
  private Integer requiredApprovals;

  @Column(name = "decision_reason")
  private String decisionReason;

  @Column(name = "grant_key")
  private String grantKey;

  @Column(name = "grant_ref")
  private String grantRef;

  @Column(name = "grant_preexisting")
  private Boolean grantPreexisting;

  @Column(name = "grant_attempts", nullable = false)
  private int grantAttempts;

  @Column(name = "next_attempt_at")
  private Instant nextAttemptAt;

  @Column(name = "last_error")
  private String lastError;

  @Column(name = "access_removed_at")
  private Instant accessRemovedAt;

  /** {@code vm-jit}: the ports to open, comma-separated. */
  @Column(name = "network_ports", updatable = false)
  private String networkPorts;

  /** {@code vm-jit}: the address or range connections come from. */
  @Column(name = "network_source", updatable = false)
  private String networkSource;

  /** The request whose access this one continues (an extension), or null. */
  @Column(name = "extends_id", updatable = false)
  private UUID extendsId;

  @Version
  @Column(name = "version", nullable = false)
  private long version;

  // Eager: a request is always shown with its decisions, and there are only a few.
  @OneToMany(mappedBy = "request", cascade = CascadeType.PERSIST, fetch = FetchType.EAGER)
  @OrderBy("decidedAt, id")
  private List<Approval> approvals = new ArrayList<>();

  protected AccessRequest() {}

  /**
   * A new request, routed by the policy: approved at once, waiting for approvers (until its rule's
   * timeout, or {@code defaultPendingTimeout}), or refused with the policy's message.
   */
  public static AccessRequest submit(
      UUID id,
      Actor requester,
      Submission s,
      String idempotencyKey,
      Instant now,
      Duration defaultPendingTimeout,
      Routing routing,
      int policyVersion) {
    AccessRequest r = new AccessRequest();
    r.id = id;
    r.requesterId = requester.id();
    r.requesterName = requester.name();
    r.principalId = s.principal().value();
    r.scope = s.scope().armId();
    r.role = s.role().value();
    r.grantType = s.grantType();
    r.durationSeconds = s.duration().toSeconds();
    r.justification = s.justification().text();
    r.ticket = s.ticket() == null ? null : s.ticket().value();
    if (s.network() != null) {
      r.networkPorts = s.network().ports().stream().map(String::valueOf).collect(java.util.stream.Collectors.joining(","));
      r.networkSource = s.network().sourceAddressPrefix();
    }
    r.extendsId = s.extendsId();
    r.createdAt = now;
    r.updatedAt = now;
    r.idempotencyKey = idempotencyKey;
    r.fingerprint = s.fingerprint();
    r.policyVersion = policyVersion;
    r.policyRule = routing.rule();
    if (routing instanceof Routing.AutoApprove) {
      r.state = RequestState.APPROVED;
      r.decidedAt = now;
    } else if (routing instanceof Routing.NeedsApproval n) {
      r.state = RequestState.PENDING;
      Duration timeout = n.approval().timeout() == null ? defaultPendingTimeout : n.approval().timeout();
      r.decisionDeadline = now.plus(timeout);
      r.requiredApprovals = n.approval().quorum();
    } else if (routing instanceof Routing.Deny d) {
      r.state = RequestState.DENIED;
      r.decidedAt = now;
      r.endedAt = now;
      r.decisionReason = d.message();
    } else {
      throw new IllegalArgumentException("a request whose constraints are not met is not stored: " + routing);
    }
    return r;
  }

  /**
   * Whether {@code actor} may see this request: its requester, its principal, those who read all
   * requests, and those who decided it. (Eligible approvers may see it too; the lifecycle checks that.)
   */
  public boolean isVisibleTo(Actor actor) {
    return actor.id().equals(requesterId) || actor.id().equalsIgnoreCase(principalId) || actor.readsAll()
        || hasDecisionBy(actor.id());
  }

  /**
   * Records an approver's decision under the rule that routed this request, checking again, now,
   * that this approver may decide it. Approves once the rule's quorum of distinct approvals is
   * reached; denies at the first denial when the rule says a denial ends it.
   *
   * @return the approval recorded
   */
  public Approval decide(Actor approver, Decision decision, Comment comment, Instant now, ApprovalRule rule) {
    RequestState target = decision == Decision.APPROVE ? RequestState.APPROVED : RequestState.DENIED;
    if (state != RequestState.PENDING) {
      throw new IllegalTransitionException(id, state, target, decision == Decision.APPROVE ? "approved" : "denied");
    }
    if (approver.id().equals(requesterId)) {
      throw new ActionNotAllowedException("You asked for this access, so you cannot decide it; another approver must.");
    }
    if (approver.id().equalsIgnoreCase(principalId)) {
      throw new ActionNotAllowedException("This access would be granted to you, so you cannot decide it; another approver must.");
    }
    if (approver.groups().stream().anyMatch(g -> g.equalsIgnoreCase(principalId))) {
      throw new ActionNotAllowedException(
          "This access would be granted to a group you are in, so you cannot decide it; another approver must.");
    }
    if (decisionDeadline != null && !now.isBefore(decisionDeadline)) {
      throw new IllegalTransitionException(id, state, target, decision == Decision.APPROVE ? "approved" : "denied",
          "its decision deadline " + decisionDeadline + " has passed; it will time out");
    }
    Eligibility eligibility = rule.eligibility(approverFacts(approver), requesterId, principalId, createdAt, now);
    if (!eligibility.eligible()) {
      throw new ActionNotAllowedException(eligibility.reason());
    }
    for (Approval a : approvals) {
      if (a.approverId().equals(approver.id())) {
        throw new AlreadyDecidedException("You already decided access request " + id + " (" + a.decision() + ").");
      }
    }
    Approval approval = new Approval(this, approver, decision, comment, now);
    approvals.add(approval);
    updatedAt = now;
    Tally tally = rule.tally(approvals.stream().map(a -> new Vote(a.approverId(), a.decision() == Decision.APPROVE)).toList(),
        requesterId);
    if (tally == Tally.APPROVED) {
      move(RequestState.APPROVED, now);
      decidedAt = now;
    } else if (tally == Tally.DENIED) {
      move(RequestState.DENIED, now);
      decidedAt = now;
      endedAt = now;
    }
    return approval;
  }

  /** Whether {@code approverId} has recorded a decision on this request. */
  public boolean hasDecisionBy(String approverId) {
    return approvals.stream().anyMatch(a -> a.approverId().equals(approverId));
  }

  /** Whether {@code actor} is among those {@code rule} lets decide this request (whatever its state). */
  public boolean isDecidableBy(Actor actor, ApprovalRule rule, Instant now) {
    return rule.eligibility(approverFacts(actor), requesterId, principalId, createdAt, now).eligible();
  }

  /** Whether {@code actor} could decide this request now under {@code rule}. */
  public boolean awaits(Actor actor, ApprovalRule rule, Instant now) {
    return state == RequestState.PENDING && !hasDecisionBy(actor.id()) && isDecidableBy(actor, rule, now);
  }

  /** The approver as the policy sees them: id, token groups and app roles. */
  static Approver approverFacts(Actor actor) {
    return new Approver(actor.id(), actor.groups(),
        actor.roles().stream().map(Role::claimValue).collect(java.util.stream.Collectors.toSet()));
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

  /**
   * Access exists in Azure: the request is active from now for its duration (the clock starts when
   * access exists, not at submit or approval).
   */
  public void activate(String reference, boolean preexisting, Instant now) {
    activate(reference, preexisting, now, now.plus(duration()));
  }

  /**
   * Access exists in Azure until {@code endsAt}: for an extension of access still held, the end of
   * that access plus this request's duration, so the access continues without a gap.
   */
  public void activate(String reference, boolean preexisting, Instant now, Instant endsAt) {
    requireMove(RequestState.ACTIVE, "activated");
    move(RequestState.ACTIVE, now);
    grantRef = reference;
    grantPreexisting = preexisting;
    activatedAt = now;
    expiresAt = endsAt;
    nextAttemptAt = null;
    lastError = null;
  }

  /** A grant or removal failed for now; the workers try again at {@code retryAt}. */
  public void retryLater(String error, Instant retryAt, Instant now) {
    grantAttempts++;
    lastError = clip(error);
    nextAttemptAt = retryAt;
    updatedAt = now;
  }

  /**
   * Azure accepted the grant and is still working on it (e.g. waiting for a customer's approval): ask
   * again at {@code retryAt}. Not a failed attempt.
   */
  public void waitLater(String azureState, Instant retryAt, Instant now) {
    lastError = clip(azureState);
    nextAttemptAt = retryAt;
    updatedAt = now;
  }

  /** The grant failed for good; nothing was left in Azure. */
  public void failGrant(String diagnosis, Instant now) {
    requireMove(RequestState.FAILED, "failed");
    move(RequestState.FAILED, now);
    grantAttempts++;
    lastError = clip(diagnosis);
    endedAt = now;
  }

  /** The end time passed and Azure confirmed the access is gone (or another request still holds it). */
  public void expire(Instant now) {
    requireMove(RequestState.EXPIRED, "expired");
    move(RequestState.EXPIRED, now);
    endedAt = now;
    accessRemovedAt = now;
    nextAttemptAt = null;
    lastError = null;
  }

  /** Azure confirmed that access of this revoked request is gone. */
  public void accessRemoved(Instant now) {
    accessRemovedAt = now;
    updatedAt = now;
    nextAttemptAt = null;
    lastError = null;
  }

  /** Whether removing this request's access is work still to do. */
  public boolean awaitsRemoval() {
    return grantRef != null && accessRemovedAt == null && !Boolean.TRUE.equals(grantPreexisting);
  }

  /** Identifies the access itself, so requests for the same access share one grant. */
  public String grantKey() {
    return grantKey;
  }

  /** Sets the key before the first grant attempt. */
  public void keyGrant(String key) {
    grantKey = key;
  }

  private static String clip(String text) {
    return text == null || text.length() <= 2000 ? text : text.substring(0, 2000);
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

  /** {@code vm-jit}'s ports as stored (comma-separated), or null for other grant types. */
  public String networkPorts() {
    return networkPorts;
  }

  /** {@code vm-jit}'s source address or range as stored, or null for other grant types. */
  public String networkSource() {
    return networkSource;
  }

  /** {@code vm-jit}'s ports and source, or null for other grant types. */
  public dev.jitbroker.grant.NetworkAccess network() {
    if (networkPorts == null) {
      return null;
    }
    return new dev.jitbroker.grant.NetworkAccess(
        java.util.Arrays.stream(networkPorts.split(",")).map(Integer::valueOf).toList(), networkSource);
  }

  /** The request whose access this one continues, or null. */
  public UUID extendsId() {
    return extendsId;
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

  /** The policy version that routed this request (null only for requests from before policies). */
  public Integer policyVersion() {
    return policyVersion;
  }

  /** The name of the rule that routed this request, or null when no rule matched. */
  public String policyRule() {
    return policyRule;
  }

  /** How many distinct approvals approve this request, when approvers decide it. */
  public Integer requiredApprovals() {
    return requiredApprovals;
  }

  /** Why the policy refused this request, in words for the requester. */
  public String decisionReason() {
    return decisionReason;
  }

  public String grantRef() {
    return grantRef;
  }

  public Boolean grantPreexisting() {
    return grantPreexisting;
  }

  public int grantAttempts() {
    return grantAttempts;
  }

  public Instant nextAttemptAt() {
    return nextAttemptAt;
  }

  public String lastError() {
    return lastError;
  }

  public Instant accessRemovedAt() {
    return accessRemovedAt;
  }

  public long version() {
    return version;
  }

  public List<Approval> approvals() {
    return Collections.unmodifiableList(approvals);
  }
}

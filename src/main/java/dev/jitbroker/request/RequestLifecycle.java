package dev.jitbroker.request;

import dev.jitbroker.grant.CallLog;
import dev.jitbroker.grant.ExternalCall;
import dev.jitbroker.grant.GrantCommand;
import dev.jitbroker.grant.GrantFailure;
import dev.jitbroker.grant.GrantProvider;
import dev.jitbroker.grant.GrantProviders;
import dev.jitbroker.grant.Refusal;
import dev.jitbroker.policy.ApprovalRule;
import dev.jitbroker.policy.PolicySource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The use cases of an access request. Each change runs in one transaction with its audit event, and
 * fails with a {@link RequestException} a caller can act on.
 */
@ApplicationScoped
public class RequestLifecycle {

  /** The outcome of a submit: the request, and whether this call created it (false for an idempotent replay). */
  public record Submitted(AccessRequest request, boolean created) {}

  /** How many pending requests the approver view looks through for one page at most. */
  static final int AWAITING_SCAN_LIMIT = 2000;

  private final AccessRequests requests;
  private final RequestAudit audit;
  private final RequestNotices notices;
  private final RequestRouter router;
  private final PolicySource policies;
  private final LifecycleSettings settings;
  private final GrantProviders providers;
  private final Event<AccessApproved> approved;
  private final DecisionMetrics metrics;
  private final Clock clock;

  RequestLifecycle(
      AccessRequests requests,
      RequestAudit audit,
      RequestNotices notices,
      RequestRouter router,
      PolicySource policies,
      LifecycleSettings settings,
      GrantProviders providers,
      Event<AccessApproved> approved,
      DecisionMetrics metrics,
      Clock clock) {
    this.approved = approved;
    this.metrics = metrics;
    this.requests = requests;
    this.audit = audit;
    this.notices = notices;
    this.router = router;
    this.policies = policies;
    this.providers = providers;
    this.settings = settings;
    this.clock = clock;
  }

  /**
   * Validates a new request, routes it by the active policy and stores it: approved at once, pending
   * for approvers, or refused with the policy's message. The same idempotency key and body return the
   * first request again. Input that breaks the matching rule's constraints is refused and not stored.
   */
  @Transactional
  public Submitted submit(Actor caller, Submission.Raw raw, String idempotencyKey) {
    IdempotencyKeys.check(idempotencyKey);
    return store(caller, available(Submission.from(raw, caller, settings)), idempotencyKey);
  }

  /**
   * Asks for the access of {@code id} for a further {@code duration}: a new request for the same
   * principal, role, scope and grant type, routed by the policy like any other. Once approved and
   * granted, its access starts where the original's ends, so the access continues without a gap.
   * Only the requester may extend, and only access that is active.
   */
  @Transactional
  public Submitted extend(Actor caller, String id, String duration, String justification, String idempotencyKey) {
    IdempotencyKeys.check(idempotencyKey);
    AccessRequest original = visibleForUpdate(caller, id);
    if (!original.requesterId().equals(caller.id())) {
      throw new ActionNotAllowedException("Only the requester can extend a request; ask for the access yourself instead.");
    }
    if (original.state() != RequestState.ACTIVE) {
      throw new IllegalTransitionException(original.id(), original.state(), RequestState.ACTIVE, "extended",
          "only active access can be extended; submit a new request instead");
    }
    return store(caller, available(Submission.extension(original, duration, justification, settings)), idempotencyKey);
  }

  private Submitted store(Actor caller, Submission submission, String idempotencyKey) {
    if (idempotencyKey != null) {
      Optional<AccessRequest> earlier = requests.byIdempotencyKey(caller.id(), idempotencyKey);
      if (earlier.isPresent()) {
        return replay(earlier.get(), submission, idempotencyKey);
      }
    }
    Instant now = clock.instant();
    RequestRouter.Routed routed = router.route(RequestRouter.requester(caller), submission, now);
    List<InvalidRequestException.FieldError> violations = RequestRouter.violations(routed.routing());
    if (!violations.isEmpty()) {
      throw new InvalidRequestException(violations);
    }
    List<ExternalCall> checks = List.of();
    if (!(routed.routing() instanceof dev.jitbroker.policy.Routing.Deny)) {
      checks = precheck(submission, now);
    }
    AccessRequest request = AccessRequest.submit(UUID.randomUUID(), caller, submission, idempotencyKey, now,
        settings.pendingTimeout(), routed.routing(), routed.policyVersion());
    if (!requests.insert(request)) {
      // A concurrent submit with this key committed first (the insert waited for it): this is its retry.
      AccessRequest earlier = requests.byIdempotencyKey(caller.id(), idempotencyKey).orElseThrow(
          () -> new IllegalStateException("idempotency key " + idempotencyKey + " is taken, but by no visible request"));
      return replay(earlier, submission, idempotencyKey);
    }
    for (ExternalCall call : checks) {
      audit.azureCall(request, call, now);
    }
    audit.submitted(request, caller, routed.routing());
    notices.submitted(request);
    recordRouting(request, routed.routing());
    if (request.state() == RequestState.APPROVED) {
      approved.fire(new AccessApproved(request.id()));
    }
    return new Submitted(request, true);
  }

  /** The first request with this key again, if it asked for the same; otherwise the key is misused. */
  private static Submitted replay(AccessRequest earlier, Submission submission, String idempotencyKey) {
    if (!earlier.fingerprint().equals(submission.fingerprint())) {
      throw new IdempotencyConflictException(idempotencyKey);
    }
    return new Submitted(earlier, false);
  }

  /**
   * Asks Azure, before anyone approves, whether it can give this access at all; refuses what it cannot.
   * Returns the Azure calls it made, for the request's trail (this thread's call log is left empty).
   */
  private List<ExternalCall> precheck(Submission s, Instant now) {
    GrantProvider provider = providers.forType(s.grantType().wireName()).orElseThrow();
    List<Refusal> refusals;
    List<ExternalCall> calls;
    try {
      refusals = provider.precheck(new GrantCommand(null, s.scope().armId(), s.role().value(), s.principal().value(),
          s.duration(), now.plus(s.duration()), s.network()));
    } catch (GrantFailure f) {
      throw new AzureCheckException("Could not check with Azure that it can give this access: " + f.getMessage(),
          f.transient_(), f.retryAfter());
    } finally {
      // Request threads are pooled: calls left in their log would pile up, or land in another request's trail.
      calls = CallLog.drain();
    }
    if (!refusals.isEmpty()) {
      throw new InvalidRequestException(
          refusals.stream().map(r -> new InvalidRequestException.FieldError(r.field(), r.message())).toList());
    }
    return calls;
  }

  /**
   * What submitting would do, without storing anything. Any caller may ask about their own request;
   * an admin may ask on behalf of {@code onBehalfOf} (null: the caller).
   */
  public Evaluation evaluate(Actor caller, Submission.Raw raw, Actor onBehalfOf) {
    Actor requester = onBehalfOf == null ? caller : onBehalfOf;
    if (onBehalfOf != null && !onBehalfOf.id().equals(caller.id()) && !caller.has(Role.ADMIN)) {
      throw new ActionNotAllowedException("Only admins may evaluate requests on behalf of someone else.");
    }
    Submission submission = available(Submission.from(raw, requester, settings));
    Instant now = clock.instant();
    RequestRouter.Routed routed = router.route(RequestRouter.requester(requester), submission, now);
    if (RequestRouter.violations(routed.routing()).isEmpty() && !(routed.routing() instanceof dev.jitbroker.policy.Routing.Deny)) {
      precheck(submission, now);
    }
    return new Evaluation(routed.policyVersion(), routed.routing(), submission);
  }

  /** A dry run's answer: the policy version, its routing, and the request as it would be stored. */
  public record Evaluation(int policyVersion, dev.jitbroker.policy.Routing routing, Submission submission) {}

  /** The request, if the caller may see it. */
  public AccessRequest get(Actor caller, String id) {
    return visible(caller, id);
  }

  /** A page of the requests the caller may see, newest first. */
  public RequestPage list(Actor caller, RequestState state, String requester, RequestCursor after, Integer limit) {
    int size = pageSize(limit);
    String requesterId = "me".equals(requester) ? caller.id() : requester;
    if (!caller.readsAll()) {
      if (requesterId != null && !requesterId.equals(caller.id())) {
        throw new ActionNotAllowedException(
            "You may list only your own requests; leave out 'requester' or use requester=me.");
      }
      requesterId = caller.id();
    }
    List<AccessRequest> items = requests.page(new RequestQuery(state, requesterId, after, size + 1));
    if (items.size() > size) {
      items = items.subList(0, size);
      return new RequestPage(items, RequestCursor.after(items.get(size - 1)));
    }
    return new RequestPage(items, null);
  }

  /**
   * An approver's decision, checked against the rule that routed the request as it is now (the
   * approver's groups and roles from this call's token).
   */
  @Transactional
  public AccessRequest decide(Actor approver, String id, Decision decision, Comment comment) {
    return decide(approver, id, decision, comment, DecidedVia.API);
  }

  /**
   * An approver's decision that came through {@code via}: the same checks as {@link #decide(Actor, String,
   * Decision, Comment)}, and the rule must take decisions from that channel.
   */
  @Transactional
  public AccessRequest decide(Actor approver, String id, Decision decision, Comment comment, DecidedVia via) {
    Instant now = clock.instant();
    AccessRequest request = visibleForUpdate(approver, id);
    RequestState from = request.state();
    ApprovalRule rule = from == RequestState.PENDING ? ruleOf(request) : null;
    if (rule != null && !rule.allows(via.channel())) {
      throw new ActionNotAllowedException("The policy rule '" + request.policyRule() + "' does not take decisions by "
          + via.channel().word() + "; decide it signed in, through the API.");
    }
    Approval approval = request.decide(approver, decision, comment, now, rule);
    audit.decided(request, approver, approval, from, via);
    notices.decided(request, approval.decidedAt());
    requests.flush();
    if (request.state() != from && request.decidedAt() != null) {
      metrics.decided(request.state(), via.channel().word(), Duration.between(request.createdAt(), request.decidedAt()));
    }
    if (request.state() == RequestState.APPROVED) {
      approved.fire(new AccessApproved(request.id()));
    }
    return request;
  }

  /**
   * The pending requests {@code caller} may decide now, newest first, after {@code after}. Looks
   * through at most {@link #AWAITING_SCAN_LIMIT} pending requests per page; the cursor continues.
   */
  public RequestPage awaiting(Actor caller, RequestCursor after, Integer limit) {
    int size = pageSize(limit);
    Instant now = clock.instant();
    List<AccessRequest> found = new java.util.ArrayList<>();
    RequestCursor position = after;
    int scanned = 0;
    while (found.size() < size && scanned < AWAITING_SCAN_LIMIT) {
      List<AccessRequest> batch = requests.page(new RequestQuery(RequestState.PENDING, null, position, RequestQuery.MAX_LIMIT));
      for (AccessRequest r : batch) {
        scanned++;
        position = RequestCursor.after(r);
        if (approvalRule(r).map(rule -> r.awaits(caller, rule, now)).orElse(false)) {
          found.add(r);
          if (found.size() == size) {
            return new RequestPage(found, position);
          }
        }
      }
      if (batch.size() < RequestQuery.MAX_LIMIT) {
        return new RequestPage(found, null);
      }
    }
    return new RequestPage(found, position);
  }

  /** The requester withdraws a pending request. */
  @Transactional
  public AccessRequest cancel(Actor caller, String id, Comment comment) {
    AccessRequest request = visibleForUpdate(caller, id);
    RequestState from = request.state();
    request.cancel(caller, clock.instant());
    audit.cancelled(request, caller, from, comment);
    notices.cancelled(request, from);
    requests.flush();
    return request;
  }

  /** The requester or an admin ends approved or active access early. */
  @Transactional
  public AccessRequest revoke(Actor caller, String id, Comment comment) {
    AccessRequest request = visibleForUpdate(caller, id);
    RequestState from = request.state();
    request.revoke(caller, clock.instant());
    audit.revoked(request, caller, from, comment);
    notices.revoked(request);
    requests.flush();
    return request;
  }

  /**
   * Times out up to {@code limit} overdue pending requests. Rows another replica is working on are
   * skipped, so any number of replicas may run this at once.
   *
   * @return how many requests timed out
   */
  @Transactional
  public int timeOutOverdue(int limit) {
    Instant now = clock.instant();
    Actor job = Actor.system("timeout");
    List<AccessRequest> overdue = requests.lockOverdue(now, limit);
    for (AccessRequest request : overdue) {
      RequestState from = request.state();
      request.timeOut(now);
      audit.timedOut(request, job, from);
      notices.timedOut(request);
    }
    return overdue.size();
  }

  private void recordRouting(AccessRequest request, dev.jitbroker.policy.Routing routing) {
    DecisionMetrics.Route route = routing instanceof dev.jitbroker.policy.Routing.AutoApprove ? DecisionMetrics.Route.AUTO
        : routing instanceof dev.jitbroker.policy.Routing.NeedsApproval ? DecisionMetrics.Route.APPROVAL
        : DecisionMetrics.Route.DENY;
    metrics.routed(request.grantType(), route);
    if (route != DecisionMetrics.Route.APPROVAL) {
      metrics.decided(request.state(), "policy", Duration.ZERO);
    }
  }

  /** Refuses, before anyone approves it, a grant type this service cannot carry out. */
  private Submission available(Submission submission) {
    if (providers.forType(submission.grantType().wireName()).isEmpty()) {
      throw new InvalidRequestException("grantType", "'" + submission.grantType().wireName()
          + "' is not available in this service yet; use azure-rbac");
    }
    return submission;
  }

  private static int pageSize(Integer limit) {
    int size = limit == null ? RequestQuery.DEFAULT_LIMIT : limit;
    if (size < 1 || size > RequestQuery.MAX_LIMIT) {
      throw new InvalidRequestException("limit", "must be between 1 and " + RequestQuery.MAX_LIMIT);
    }
    return size;
  }

  /** The approval rule that routed a request, if approvers decide it. */
  private java.util.Optional<ApprovalRule> approvalRule(AccessRequest request) {
    if (request.policyVersion() == null || request.policyRule() == null) {
      return java.util.Optional.empty();
    }
    return policies.version(request.policyVersion()).policy().approvalRule(request.policyRule());
  }

  /** The approval rule that routed a pending request, from the policy version that routed it. */
  private ApprovalRule ruleOf(AccessRequest request) {
    return approvalRule(request).orElseThrow(() -> new IllegalStateException("pending request " + request.id() + " names rule '"
            + request.policyRule() + "', which is not an approval rule of policy version " + request.policyVersion()));
  }

  private AccessRequest visible(Actor caller, String id) {
    return visible(caller, id, false);
  }

  private AccessRequest visibleForUpdate(Actor caller, String id) {
    return visible(caller, id, true);
  }

  private AccessRequest visible(Actor caller, String id, boolean forUpdate) {
    UUID uuid;
    try {
      uuid = UUID.fromString(id);
    } catch (IllegalArgumentException e) {
      throw new RequestNotFoundException(id);
    }
    if (!uuid.toString().equalsIgnoreCase(id)) {
      throw new RequestNotFoundException(id);
    }
    Instant now = clock.instant();
    return (forUpdate ? requests.findForUpdate(uuid) : requests.find(uuid))
        .filter(r -> r.isVisibleTo(caller) || approvalRule(r).map(rule -> r.isDecidableBy(caller, rule, now)).orElse(false))
        .orElseThrow(() -> new RequestNotFoundException(id));
  }
}

package dev.jitbroker.request;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
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

  private final AccessRequests requests;
  private final RequestAudit audit;
  private final LifecycleSettings settings;
  private final Clock clock;

  RequestLifecycle(AccessRequests requests, RequestAudit audit, LifecycleSettings settings, Clock clock) {
    this.requests = requests;
    this.audit = audit;
    this.settings = settings;
    this.clock = clock;
  }

  /** Validates and stores a new request; the same idempotency key and body return the first request again. */
  @Transactional
  public Submitted submit(Actor caller, Submission.Raw raw, String idempotencyKey) {
    IdempotencyKeys.check(idempotencyKey);
    Submission submission = Submission.from(raw, caller, settings);
    if (idempotencyKey != null) {
      Optional<AccessRequest> earlier = requests.lockIdempotencyKey(caller.id(), idempotencyKey);
      if (earlier.isPresent()) {
        if (!earlier.get().fingerprint().equals(submission.fingerprint())) {
          throw new IdempotencyConflictException(idempotencyKey);
        }
        return new Submitted(earlier.get(), false);
      }
    }
    AccessRequest request =
        AccessRequest.submit(UUID.randomUUID(), caller, submission, idempotencyKey, clock.instant(), settings.pendingTimeout());
    requests.add(request);
    audit.submitted(request, caller);
    return new Submitted(request, true);
  }

  /** The request, if the caller may see it. */
  public AccessRequest get(Actor caller, String id) {
    return visible(caller, id);
  }

  /** A page of the requests the caller may see, newest first. */
  public RequestPage list(Actor caller, RequestState state, String requester, RequestCursor after, Integer limit) {
    int size = limit == null ? RequestQuery.DEFAULT_LIMIT : limit;
    if (size < 1 || size > RequestQuery.MAX_LIMIT) {
      throw new InvalidRequestException("limit", "must be between 1 and " + RequestQuery.MAX_LIMIT);
    }
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

  /** An approver's decision; the first approval approves, the first denial denies. */
  @Transactional
  public AccessRequest decide(Actor approver, String id, Decision decision, Comment comment) {
    AccessRequest request = visible(approver, id);
    RequestState from = request.state();
    Approval approval = request.decide(approver, decision, comment, clock.instant());
    audit.decided(request, approver, approval, from);
    requests.flush();
    return request;
  }

  /** The requester withdraws a pending request. */
  @Transactional
  public AccessRequest cancel(Actor caller, String id, Comment comment) {
    AccessRequest request = visible(caller, id);
    RequestState from = request.state();
    request.cancel(caller, clock.instant());
    audit.cancelled(request, caller, from, comment);
    requests.flush();
    return request;
  }

  /** The requester or an admin ends approved or active access early. */
  @Transactional
  public AccessRequest revoke(Actor caller, String id, Comment comment) {
    AccessRequest request = visible(caller, id);
    RequestState from = request.state();
    request.revoke(caller, clock.instant());
    audit.revoked(request, caller, from, comment);
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
    }
    return overdue.size();
  }

  private AccessRequest visible(Actor caller, String id) {
    UUID uuid;
    try {
      uuid = UUID.fromString(id);
    } catch (IllegalArgumentException e) {
      throw new RequestNotFoundException(id);
    }
    if (!uuid.toString().equalsIgnoreCase(id)) {
      throw new RequestNotFoundException(id);
    }
    return requests.find(uuid).filter(r -> r.isVisibleTo(caller)).orElseThrow(() -> new RequestNotFoundException(id));
  }
}

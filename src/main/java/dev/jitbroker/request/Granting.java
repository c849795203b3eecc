package dev.jitbroker.request;

import dev.jitbroker.grant.CallLog;
import dev.jitbroker.grant.ExternalCall;
import dev.jitbroker.grant.GrantCommand;
import dev.jitbroker.grant.GrantFailure;
import dev.jitbroker.grant.GrantProvider;
import dev.jitbroker.grant.GrantProviders;
import dev.jitbroker.grant.Granted;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Carries approved requests into Azure and takes access away when it ends. Each step handles one
 * request in one transaction: the row is locked (other replicas skip it), the Azure call is made,
 * and the outcome commits with its audit events, including one per Azure call.
 */
@ApplicationScoped
public class Granting {

  /** How a worker retries: at most this many attempts, with backoff between {@code base} and {@code max}. */
  public record RetryPolicy(int maxAttempts, Duration base, Duration max) {}

  private static final System.Logger LOG = System.getLogger(Granting.class.getName());

  private final AccessRequests requests;
  private final GrantProviders providers;
  private final RequestAudit audit;
  private final RequestNotices notices;
  private final RetryPolicy retry;
  private final Clock clock;
  private final GrantMetrics metrics;
  private final WorkLog workLog;

  Granting(AccessRequests requests, GrantProviders providers, RequestAudit audit, RequestNotices notices,
      RetryPolicy retry, Clock clock, GrantMetrics metrics, WorkLog workLog) {
    this.workLog = workLog;
    this.notices = notices;
    this.metrics = metrics;
    this.requests = requests;
    this.providers = providers;
    this.audit = audit;
    this.retry = retry;
    this.clock = clock;
  }

  /** Grants the approved request that is due next; false when none is due. */
  @Transactional
  public boolean grantNext() {
    Instant now = clock.instant();
    Optional<AccessRequest> next = requests.lockNextToGrant(now);
    if (next.isEmpty()) {
      return false;
    }
    try (WorkLog.Scope tagged = workLog.about(next.get().id())) {
      grant(next.get(), now);
    }
    return true;
  }

  private void grant(AccessRequest r, Instant now) {
    RequestState from = r.state();
    if (r.grantKey() == null) {
      r.keyGrant(grantKey(r));
    }
    requests.lockGrantKey(r.grantKey());
    Optional<GrantProvider> provider = providers.forType(r.grantType().wireName());
    if (provider.isEmpty()) {
      r.failGrant("Grant type '" + r.grantType().wireName() + "' is not available in this service yet; "
          + "ask again with grantType azure-rbac.", now);
      audit.failed(r, from);
      notices.failed(r);
      return;
    }
    try {
      Instant endsAt = endsAt(r, now);
      Granted granted = grant(provider.get(), r, endsAt);
      Instant done = clock.instant();
      // Azure's own end where Azure ends it; otherwise the clock starts now that access exists.
      Instant expires = granted.endsAt() != null ? granted.endsAt()
          : r.extendsId() == null ? done.plus(r.duration()) : endsAt;
      r.activate(granted.reference(), granted.preexisting(), done, expires);
      auditCalls(r);
      audit.activated(r, from);
      notices.activated(r);
      if (r.decidedAt() != null) {
        metrics.granted(r.grantType(), Duration.between(r.decidedAt(), done));
      }
    } catch (GrantFailure f) {
      auditCalls(r);
      if (f.waiting()) {
        Instant retryAt = waitedUntil(f);
        boolean news = !f.getMessage().equals(r.lastError());
        r.waitLater(f.getMessage(), retryAt, now);
        if (news) {
          // Azure's state while it works, recorded when it changes rather than at every poll.
          audit.grantRetry(r, f.getMessage(), false, now);
        }
      } else if (f.transient_() && r.grantAttempts() + 1 < retry.maxAttempts()) {
        r.retryLater(f.getMessage(), now.plus(backoff(r.grantAttempts(), f.retryAfter())), now);
        audit.grantRetry(r, f.getMessage(), false, now);
      } else {
        String diagnosis = f.transient_()
            ? f.getMessage() + " Gave up after " + (r.grantAttempts() + 1) + " attempts."
            : f.getMessage();
        r.failGrant(diagnosis, clock.instant());
        audit.failed(r, from);
        notices.failed(r);
        metrics.failed(r.grantType());
      }
    }
  }

  /**
   * Removes the access of the request that is due next: one past its end time, or one revoked early.
   * The access stays in Azure while another active request holds it, and standing access is never
   * removed. False when none is due.
   */
  @Transactional
  public boolean removeNext() {
    Instant now = clock.instant();
    Optional<AccessRequest> next = requests.lockNextToRemove(now);
    if (next.isEmpty()) {
      return false;
    }
    try (WorkLog.Scope tagged = workLog.about(next.get().id())) {
      remove(next.get(), now);
    }
    return true;
  }

  private void remove(AccessRequest r, Instant now) {
    RequestState from = r.state();
    boolean shared = false;
    if (r.grantKey() != null) {
      requests.lockGrantKey(r.grantKey());
      shared = requests.othersHold(r.grantKey(), r.id());
    }
    if (!shared && r.awaitsRemoval()) {
      Optional<GrantProvider> provider = providers.forType(r.grantType().wireName());
      try {
        if (provider.isPresent()) {
          remove(provider.get(), r);
        }
      } catch (GrantFailure f) {
        auditCalls(r);
        if (f.waiting()) {
          // Azure ends this access by itself (e.g. VM JIT ports close at their end), or the ARM write
          // budget is spent for now: look again then.
          boolean news = !f.getMessage().equals(r.lastError());
          r.waitLater(f.getMessage(), waitedUntil(f), now);
          if (news) {
            audit.grantRetry(r, f.getMessage(), true, now);
          }
          return;
        }
        // Removal never gives up: access that should be gone is retried until Azure confirms.
        r.retryLater(f.getMessage(), now.plus(backoff(r.grantAttempts(), f.retryAfter())), now);
        audit.grantRetry(r, f.getMessage(), true, now);
        return;
      }
    }
    auditCalls(r);
    Instant done = clock.instant();
    // Due at its end time, or when it was revoked.
    Instant due = from == RequestState.ACTIVE ? r.expiresAt() : r.endedAt();
    if (from == RequestState.ACTIVE) {
      r.expire(done);
    } else {
      r.accessRemoved(done);
    }
    audit.accessGone(r, from, shared, done);
    if (from == RequestState.ACTIVE) {
      notices.expired(r, done);
    }
    if (due != null) {
      metrics.removed(r.grantType(), from != RequestState.ACTIVE, Duration.between(due, done));
    }
  }

  /**
   * When the access must end: the request's duration from now, or for an extension of access still
   * held, from the end of that access, so it continues without a gap.
   */
  private Instant endsAt(AccessRequest r, Instant now) {
    if (r.extendsId() != null) {
      Optional<Instant> held = requests.find(r.extendsId())
          .filter(o -> o.state() == RequestState.ACTIVE && o.expiresAt() != null && o.expiresAt().isAfter(now))
          .map(AccessRequest::expiresAt);
      if (held.isPresent()) {
        return held.get().plus(r.duration());
      }
    }
    return now.plus(r.duration());
  }

  // A provider bug or a broken configuration must not wedge the worker on one row: it counts as an attempt.
  private static Granted grant(GrantProvider provider, AccessRequest r, Instant endsAt) throws GrantFailure {
    try {
      return provider.grant(new GrantCommand(r.id(), r.scope(), r.role(), r.principalId(), r.duration(), endsAt, r.network()));
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "Granting access request " + r.id() + " failed unexpectedly", e);
      throw GrantFailure.transientFailure("Granting failed unexpectedly: " + e, null, null, e);
    }
  }

  private static void remove(GrantProvider provider, AccessRequest r) throws GrantFailure {
    try {
      provider.remove(new Granted(r.grantRef(), Boolean.TRUE.equals(r.grantPreexisting())));
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "Removing the access of request " + r.id() + " failed unexpectedly", e);
      throw GrantFailure.transientFailure("Removing access failed unexpectedly: " + e, null, null, e);
    }
  }

  private void auditCalls(AccessRequest r) {
    for (ExternalCall call : CallLog.drain()) {
      audit.azureCall(r, call, clock.instant());
    }
  }

  /**
   * When work that waits (for Azure, or for the write budget) is due again: counted from the end of
   * this attempt, which may itself have waited for the budget.
   */
  private Instant waitedUntil(GrantFailure f) {
    return clock.instant().plus(f.retryAfter() == null ? retry.base() : f.retryAfter());
  }

  /** Exponential backoff with full jitter, at least what Azure asked for, at most the policy's maximum. */
  Duration backoff(int attempts, Duration retryAfter) {
    long base = retry.base().toMillis() << Math.min(attempts, 20);
    long capped = Math.min(base, retry.max().toMillis());
    long jittered = capped / 2 + ThreadLocalRandom.current().nextLong(capped / 2 + 1);
    Duration d = Duration.ofMillis(jittered);
    return retryAfter != null && retryAfter.compareTo(d) > 0 ? retryAfter : d;
  }

  /** The same principal, role and scope: the same access. */
  static String grantKey(AccessRequest r) {
    String key = r.grantType().wireName() + "|" + r.principalId() + "|" + r.role() + "|" + r.scope();
    if (r.network() != null) {
      // VM JIT: the same VM with other ports or another source is other access.
      key += "|" + r.network().ports().stream().sorted().toList() + "|" + r.network().sourceAddressPrefix();
    }
    return key.toLowerCase(Locale.ROOT);
  }
}

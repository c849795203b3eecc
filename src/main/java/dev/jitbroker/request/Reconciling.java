package dev.jitbroker.request;

import dev.jitbroker.audit.AuditEventType;
import dev.jitbroker.audit.AuditLog;
import dev.jitbroker.audit.AuditRecord;
import dev.jitbroker.grant.CallLog;
import dev.jitbroker.grant.ExternalCall;
import dev.jitbroker.grant.GrantFailure;
import dev.jitbroker.grant.GrantProvider;
import dev.jitbroker.grant.GrantProviders;
import dev.jitbroker.grant.Granted;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Compares what Azure holds with what the database says, scope by scope: removes assignments the
 * broker made that no request holds (a crash between an Azure call and its commit leaves such), and
 * records drift (an active request whose access is missing in Azure). Never touches anything the
 * broker did not make.
 */
@ApplicationScoped
public class Reconciling {

  /** What one pass found. */
  public record Report(int scopes, int orphansRemoved, int drifted, int failedScopes) {}

  /** Reconciler settings: how far back ended requests count, and how old an orphan must be. */
  public record Settings(Duration lookBack, Duration grace) {}

  private final AccessRequests requests;
  private final GrantProviders providers;
  private final AuditLog audit;
  private final RequestAudit requestAudit;
  private final Settings settings;
  private final Clock clock;

  Reconciling(
      AccessRequests requests,
      GrantProviders providers,
      AuditLog audit,
      RequestAudit requestAudit,
      Settings settings,
      Clock clock) {
    this.requests = requests;
    this.providers = providers;
    this.audit = audit;
    this.requestAudit = requestAudit;
    this.settings = settings;
    this.clock = clock;
  }

  /** One pass over every scope the broker manages, for every grant type whose provider reconciles. */
  public Report reconcile() {
    int scopeCount = 0;
    int orphans = 0;
    int drifted = 0;
    int failed = 0;
    for (GrantType type : GrantType.values()) {
      Optional<GrantProvider> provider = providers.forType(type.wireName()).filter(GrantProvider::reconciles);
      if (provider.isEmpty()) {
        continue;
      }
      List<String> scopes = scopes(type);
      scopeCount += scopes.size();
      for (String scope : scopes) {
        try {
          int[] found = reconcileScope(provider.get(), type, scope);
          orphans += found[0];
          drifted += found[1];
        } catch (GrantFailure | RuntimeException e) {
          failed++;
          try {
            auditCallsOfFailedScope();
          } catch (RuntimeException notRecorded) {
            // The database may be what failed: these calls go with the pass, which the next one repeats.
          }
        }
      }
    }
    return new Report(scopeCount, orphans, drifted, failed);
  }

  /**
   * The ARM calls of a scope whose pass failed and rolled back: audited on their own, so each attempt is
   * in the trail and none is left in this pooled thread's log for the next work to claim as its own.
   */
  @Transactional(Transactional.TxType.REQUIRES_NEW)
  void auditCallsOfFailedScope() {
    Instant now = clock.instant();
    for (ExternalCall call : CallLog.drain()) {
      requestAudit.azureCall((java.util.UUID) null, call, now);
    }
  }

  @Transactional
  List<String> scopes(GrantType type) {
    return requests.managedScopes(type, clock.instant().minus(settings.lookBack()));
  }

  /** Reconciles one scope in one transaction; returns {orphans removed, requests drifted}. */
  @Transactional
  int[] reconcileScope(GrantProvider provider, GrantType type, String scope) throws GrantFailure {
    Instant now = clock.instant();
    List<AccessRequest> holding = requests.holdingAt(type, scope);
    Set<String> held = new HashSet<>();
    Set<String> inFlight = new HashSet<>();
    for (AccessRequest r : holding) {
      if (r.grantRef() != null) {
        held.add(r.grantRef().toLowerCase(Locale.ROOT));
      }
      if (r.state() == RequestState.APPROVED) {
        inFlight.add(r.principalId().toLowerCase(Locale.ROOT));
      }
    }
    List<GrantProvider.Owned> owned = provider.owned(scope);
    Set<String> present = new HashSet<>();
    int orphans = 0;
    for (GrantProvider.Owned o : owned) {
      present.add(o.reference().toLowerCase(Locale.ROOT));
      boolean young = o.createdOn() != null && o.createdOn().isAfter(now.minus(settings.grace()));
      // A grant in flight may have made its assignment and not committed yet: leave those alone.
      if (held.contains(o.reference().toLowerCase(Locale.ROOT)) || young
          || o.principalId() != null && inFlight.contains(o.principalId().toLowerCase(Locale.ROOT))) {
        continue;
      }
      provider.remove(new Granted(o.reference(), false));
      orphans++;
      record(AuditEventType.GRANT_ORPHAN_REMOVED, null, Map.of("grantRef", o.reference(), "scope", scope), now);
    }
    int drifted = 0;
    List<AccessRequest> missing = holding.stream()
        .filter(r -> r.state() == RequestState.ACTIVE && !Boolean.TRUE.equals(r.grantPreexisting()) && r.grantRef() != null
            && !present.contains(r.grantRef().toLowerCase(Locale.ROOT)))
        .toList();
    // Read again after the list: an expiry may have removed the access and committed in between.
    Set<java.util.UUID> still = new HashSet<>(requests.lockStillActive(missing.stream().map(AccessRequest::id).toList()));
    for (AccessRequest r : missing) {
      if (still.contains(r.id())) {
        drifted++;
        record(AuditEventType.GRANT_DRIFT, r.id(), Map.of("grantRef", r.grantRef(),
            "finding", "the access of this active request is missing in Azure"), now);
      }
    }
    for (ExternalCall call : CallLog.drain()) {
      requestAudit.azureCall((java.util.UUID) null, call, now);
    }
    return new int[] {orphans, drifted};
  }

  private void record(AuditEventType type, java.util.UUID requestId, Map<String, Object> details, Instant at) {
    Actor job = Actor.system("reconciler");
    audit.append(new AuditRecord(type, job.id(), job.name(), requestId, details, at));
  }
}

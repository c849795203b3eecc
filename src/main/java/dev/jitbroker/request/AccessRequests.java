package dev.jitbroker.request;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Where access requests are kept. The lifecycle calls it inside its transactions. */
public interface AccessRequests {

  Optional<AccessRequest> find(UUID id);

  /**
   * The request, locked for this transaction: a change waits for any worker holding it and then sees
   * its outcome, instead of failing on a stale version.
   */
  Optional<AccessRequest> findForUpdate(UUID id);

  /** The request this requester already submitted with this idempotency key, if any. */
  Optional<AccessRequest> byIdempotencyKey(String requesterId, String key);

  /**
   * Stores a request just submitted. False, storing nothing, when its requester already has a request
   * with its idempotency key: a concurrent submit with the same key waits for the other one to end,
   * and gets false if that one committed.
   */
  boolean insert(AccessRequest request);

  /** Newest first, after the cursor, filtered. */
  List<AccessRequest> page(RequestQuery query);

  /** Pending requests whose decision deadline has passed, locked for this transaction and skipped by others. */
  List<AccessRequest> lockOverdue(Instant now, int limit);

  /** The approved request that waited longest and is due for a grant attempt, locked; skipped by other replicas. */
  Optional<AccessRequest> lockNextToGrant(Instant now);

  /**
   * The next request whose access must go, locked: an active one past its end time, or a revoked one
   * whose access is not removed yet, in either case due for an attempt.
   */
  Optional<AccessRequest> lockNextToRemove(Instant now);

  /** Serializes, until this transaction ends, all work on one piece of access (grant, expiry, revoke). */
  void lockGrantKey(String grantKey);

  /** Whether an active request other than {@code requestId} holds the same access. */
  boolean othersHold(String grantKey, UUID requestId);

  /** Distinct scopes of requests of this grant type that are approved, active, or ended since {@code since}. */
  List<String> managedScopes(GrantType grantType, Instant since);

  /** Requests at exactly this scope of this grant type that hold or are about to hold access. */
  List<AccessRequest> holdingAt(GrantType grantType, String scope);

  /** Writes pending changes now, so a lost race surfaces inside the lifecycle call. */
  void flush();

  /**
   * Of {@code ids}, those still ACTIVE now that no worker holds: a fresh read that locks them, so a
   * removal that committed (or is committing) since an earlier read is not mistaken for drift.
   */
  List<UUID> lockStillActive(List<UUID> ids);
}

package dev.jitbroker.request;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Where access requests are kept. The lifecycle calls it inside its transactions. */
public interface AccessRequests {

  Optional<AccessRequest> find(UUID id);

  /**
   * The request this requester already submitted with this idempotency key, if any. Holds a
   * transaction-scoped lock on the key, so a concurrent submit with the same key waits and then sees it.
   */
  Optional<AccessRequest> lockIdempotencyKey(String requesterId, String key);

  void add(AccessRequest request);

  /** Newest first, after the cursor, filtered. */
  List<AccessRequest> page(RequestQuery query);

  /** Pending requests whose decision deadline has passed, locked for this transaction and skipped by others. */
  List<AccessRequest> lockOverdue(Instant now, int limit);

  /** Writes pending changes now, so a lost race surfaces inside the lifecycle call. */
  void flush();
}

package dev.jitbroker.audit;

import java.time.Instant;
import java.util.UUID;

/**
 * Which events to read; every part is optional.
 *
 * @param from events at or after this instant
 * @param to events before this instant
 */
public record AuditFilter(Instant from, Instant to, String actorId, String type, UUID requestId) {
  public static final AuditFilter ALL = new AuditFilter(null, null, null, null, null);

  public static AuditFilter forRequest(UUID requestId) {
    return new AuditFilter(null, null, null, null, requestId);
  }
}

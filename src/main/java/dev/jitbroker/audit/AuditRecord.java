package dev.jitbroker.audit;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * One business event to append to the trail.
 *
 * @param requestId the access request it concerns, or null
 * @param details structured facts; values are strings, numbers, booleans, lists or maps
 */
public record AuditRecord(
    AuditEventType type, String actorId, String actorName, UUID requestId, Map<String, Object> details, Instant at) {
  public AuditRecord {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(actorId, "actorId");
    Objects.requireNonNull(at, "at");
    details = details == null ? Map.of() : details;
  }
}

package dev.jitbroker.audit;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * An audit event as stored, with its place in the chain once sealed.
 *
 * @param seq the position in the hash chain, or null while not yet sealed
 * @param detailsJson the details as Postgres returns the stored jsonb
 */
public record StoredEvent(
    long id,
    Long seq,
    Instant at,
    String actorId,
    String actorName,
    String type,
    UUID requestId,
    String detailsJson,
    byte[] prevHash,
    byte[] hash) {

  /** The columns {@link #read} expects, from {@code audit_event e} left-joined with {@code audit_chain c}. */
  static final String COLUMNS =
      "e.id, c.seq, e.occurred_at, e.actor_id, e.actor_name, e.type, e.request_id, e.details::text, c.prev_hash, c.hash";

  static StoredEvent read(ResultSet rs) throws SQLException {
    long seq = rs.getLong(2);
    Long chainSeq = rs.wasNull() ? null : seq;
    return new StoredEvent(
        rs.getLong(1),
        chainSeq,
        rs.getObject(3, OffsetDateTime.class).toInstant(),
        rs.getString(4),
        rs.getString(5),
        rs.getString(6),
        rs.getObject(7, UUID.class),
        rs.getString(8),
        rs.getBytes(9),
        rs.getBytes(10));
  }
}

package dev.jitbroker.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

/**
 * Appends events to the audit trail inside the caller's transaction, so an event commits or rolls back
 * with the change it describes. The {@link AuditSealer} links committed events into the hash chain.
 */
@ApplicationScoped
public class AuditLog {

  // One round trip: the event and its place in the sealing queue.
  private static final String APPEND =
      "WITH e AS (INSERT INTO audit_event (occurred_at, actor_id, actor_name, type, request_id, details) "
          + "VALUES (:at, :actorId, nullif(:actorName, ''), :type, cast(nullif(:requestId, '') as uuid), cast(:details as jsonb)) "
          + "RETURNING id) "
          + "INSERT INTO audit_pending (event_id) SELECT id FROM e";

  private final EntityManager em;
  private final ObjectMapper json;

  AuditLog(EntityManager em, ObjectMapper json) {
    this.em = em;
    this.json = json;
  }

  /** Writes one event; must run inside the transaction of the change it records. */
  @Transactional(Transactional.TxType.MANDATORY)
  public void append(AuditRecord record) {
    String details;
    try {
      details = json.writeValueAsString(record.details());
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("audit details of " + record.type().code() + " are not serializable", e);
    }
    em.createNativeQuery(APPEND)
        .setParameter("at", record.at())
        .setParameter("actorId", record.actorId())
        .setParameter("actorName", record.actorName() == null ? "" : record.actorName())
        .setParameter("type", record.type().code())
        .setParameter("requestId", record.requestId() == null ? "" : record.requestId().toString())
        .setParameter("details", details)
        .executeUpdate();
  }
}

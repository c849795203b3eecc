package dev.jitbroker.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;
import jakarta.transaction.Transactional;
import java.util.List;

/**
 * Appends events to the audit trail inside the caller's transaction, so an event commits or rolls back
 * with the change it describes. The {@link AuditSealer} links committed events into the hash chain.
 */
@ApplicationScoped
public class AuditLog {

  // One round trip: the events and their places in the sealing queue. Identities follow the VALUES
  // order, so the sealer links events written together in the order they were given.
  private static final String APPEND_HEAD =
      "WITH e AS (INSERT INTO audit_event (occurred_at, actor_id, actor_name, type, request_id, details) VALUES ";
  private static final String APPEND_ROW =
      "(:at%1$d, :actorId%1$d, nullif(:actorName%1$d, ''), :type%1$d, cast(nullif(:requestId%1$d, '') as uuid), "
          + "cast(:details%1$d as jsonb))";
  private static final String APPEND_TAIL = " RETURNING id) INSERT INTO audit_pending (event_id) SELECT id FROM e";
  // The statement for 1 to 4 events, built once: every state change appends, and most append one or two.
  private static final String[] APPEND_SQL = java.util.stream.IntStream.rangeClosed(0, 4)
      .mapToObj(n -> n == 0 ? null : appendSql(n)).toArray(String[]::new);

  private final EntityManager em;
  private final ObjectMapper json;

  AuditLog(EntityManager em, ObjectMapper json) {
    this.em = em;
    this.json = json;
  }

  /** Writes one event; must run inside the transaction of the change it records. */
  @Transactional(Transactional.TxType.MANDATORY)
  public void append(AuditRecord record) {
    append(List.of(record));
  }

  /** Writes events in this order with one statement; must run inside the transaction of the change they record. */
  @Transactional(Transactional.TxType.MANDATORY)
  public void append(List<AuditRecord> records) {
    if (records.isEmpty()) {
      return;
    }
    int n = records.size();
    Query insert = em.createNativeQuery(n < APPEND_SQL.length ? APPEND_SQL[n] : appendSql(n));
    for (int i = 0; i < records.size(); i++) {
      AuditRecord record = records.get(i);
      insert.setParameter("at" + i, record.at())
          .setParameter("actorId" + i, record.actorId())
          .setParameter("actorName" + i, record.actorName() == null ? "" : record.actorName())
          .setParameter("type" + i, record.type().code())
          .setParameter("requestId" + i, record.requestId() == null ? "" : record.requestId().toString())
          .setParameter("details" + i, details(record));
    }
    insert.executeUpdate();
  }

  private static String appendSql(int events) {
    StringBuilder sql = new StringBuilder(APPEND_HEAD);
    for (int i = 0; i < events; i++) {
      sql.append(i == 0 ? "" : ", ").append(String.format(java.util.Locale.ROOT, APPEND_ROW, i));
    }
    return sql.append(APPEND_TAIL).toString();
  }

  private String details(AuditRecord record) {
    try {
      return json.writeValueAsString(record.details());
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("audit details of " + record.type().code() + " are not serializable", e);
    }
  }
}

package dev.jitbroker.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import dev.jitbroker.persistence.Jdbc;
import java.sql.PreparedStatement;
import java.sql.Types;
import java.util.List;
import org.hibernate.Session;

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
  private static final String APPEND_ROW = "(?, ?, ?, ?, ?, cast(? as jsonb))";
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

  /**
   * Writes events in this order with one statement; must run inside the transaction of the change they
   * record. Plain JDBC on the transaction's connection: the statement runs at once, and changes the
   * session holds are written when it flushes (at the latest, at commit).
   */
  @Transactional(Transactional.TxType.MANDATORY)
  public void append(List<AuditRecord> records) {
    if (records.isEmpty()) {
      return;
    }
    int n = records.size();
    String sql = n < APPEND_SQL.length ? APPEND_SQL[n] : appendSql(n);
    String[] details = new String[n];
    for (int i = 0; i < n; i++) {
      details[i] = details(records.get(i));
    }
    em.unwrap(Session.class).doWork(c -> {
      try (PreparedStatement insert = c.prepareStatement(sql)) {
        int p = 0;
        for (int i = 0; i < n; i++) {
          AuditRecord record = records.get(i);
          Jdbc.setInstant(insert, ++p, record.at());
          insert.setString(++p, record.actorId());
          insert.setString(++p, record.actorName() == null || record.actorName().isEmpty() ? null : record.actorName());
          insert.setString(++p, record.type().code());
          insert.setObject(++p, record.requestId(), Types.OTHER);
          insert.setString(++p, details[i]);
        }
        insert.executeUpdate();
      }
    });
  }

  private static String appendSql(int events) {
    StringBuilder sql = new StringBuilder(APPEND_HEAD);
    for (int i = 0; i < events; i++) {
      sql.append(i == 0 ? "" : ", ").append(APPEND_ROW);
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

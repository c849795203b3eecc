package dev.jitbroker.audit;

import jakarta.enterprise.context.ApplicationScoped;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;

/** Recomputes the hash chain from the stored events and names the first link that does not hold. */
@ApplicationScoped
public class AuditVerifier {

  private static final String CHAIN =
      "SELECT c.event_id, c.seq, e.occurred_at, e.actor_id, e.actor_name, e.type, e.request_id, e.details::text, "
          + "c.prev_hash, c.hash, e.id IS NULL AS missing "
          + "FROM audit_chain c LEFT JOIN audit_event e ON e.id = c.event_id ORDER BY c.seq";
  private static final String UNSEALED = "SELECT count(*) FROM audit_pending";
  private static final String STRAYS =
      "SELECT min(e.id) FROM audit_event e WHERE NOT EXISTS (SELECT 1 FROM audit_chain c WHERE c.event_id = e.id) "
          + "AND NOT EXISTS (SELECT 1 FROM audit_pending p WHERE p.event_id = e.id)";

  private final DataSource dataSource;

  AuditVerifier(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /** Streams the chain in order and checks every link; memory stays flat whatever its length. */
  public AuditVerification verify() throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      // One snapshot for the chain, the queue and the stray check.
      c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
      try {
        return verify(c);
      } finally {
        c.rollback();
        c.setAutoCommit(true);
        c.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
      }
    }
  }

  private AuditVerification verify(Connection c) throws SQLException {
    long unsealed;
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(UNSEALED)) {
      rs.next();
      unsealed = rs.getLong(1);
    }
    long checked = 0;
    byte[] prev = ChainHash.genesis();
    try (PreparedStatement s = c.prepareStatement(CHAIN)) {
      s.setFetchSize(1000);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          long expected = checked + 1;
          long seq = rs.getLong(2);
          if (seq != expected) {
            return AuditVerification.broken(checked, unsealed, expected, "chain position " + expected + " is missing");
          }
          if (rs.getBoolean(11)) {
            return AuditVerification.broken(checked, unsealed, seq, "the event linked at this position was deleted");
          }
          StoredEvent event = StoredEvent.read(rs);
          if (!MessageDigest.isEqual(prev, event.prevHash())) {
            return AuditVerification.broken(checked, unsealed, seq, "the link does not continue the previous hash");
          }
          if (!MessageDigest.isEqual(ChainHash.link(prev, event, seq), event.hash())) {
            return AuditVerification.broken(checked, unsealed, seq, "the event's content does not match its hash");
          }
          prev = event.hash();
          checked++;
        }
      }
    }
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(STRAYS)) {
      rs.next();
      long stray = rs.getLong(1);
      if (!rs.wasNull()) {
        return AuditVerification.broken(checked, unsealed, null,
            "event " + stray + " is neither in the chain nor queued for sealing");
      }
    }
    return AuditVerification.ok(checked, unsealed);
  }
}

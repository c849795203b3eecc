package dev.jitbroker.audit;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/**
 * Links committed events into the hash chain, in the order it finds them, shortly after they commit.
 *
 * <p>Writers never wait for the chain: they only insert their event and a queue row. One sealer at a
 * time (a transaction-scoped advisory lock, so any number of replicas may run it) reads the queue,
 * extends the chain and empties the queue in one transaction.
 */
@ApplicationScoped
public class AuditSealer {

  private static final Logger LOG = Logger.getLogger(AuditSealer.class);
  /** Advisory lock key that serializes sealers across replicas. */
  static final long SEAL_LOCK = 0x6a69_7461_7564_6974L;
  static final int BATCH = 1000;

  private static final String HEAD = "SELECT seq, hash FROM audit_chain ORDER BY seq DESC LIMIT 1";
  // The queue's first ids in a subquery of their own: joined directly, the planner may walk the whole
  // trail in id order and probe the queue for every event already sealed, which grows with the trail.
  private static final String PENDING =
      "SELECT e.id, NULL::bigint, e.occurred_at, e.actor_id, e.actor_name, e.type, e.request_id, e.details::text, "
          + "NULL::bytea, NULL::bytea FROM (SELECT event_id FROM audit_pending ORDER BY event_id LIMIT " + BATCH + ") p "
          + "JOIN audit_event e ON e.id = p.event_id ORDER BY p.event_id";
  private static final String LINK = "INSERT INTO audit_chain (seq, event_id, prev_hash, hash) VALUES (?, ?, ?, ?)";
  private static final String DEQUEUE = "DELETE FROM audit_pending WHERE event_id = ANY (?)";

  private final DataSource dataSource;

  AuditSealer(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  @Scheduled(every = "${jit.audit.seal-interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void sealOnSchedule() {
    try {
      sealAll();
    } catch (SQLException e) {
      LOG.warnf("Sealing the audit chain failed; it will be retried: %s", e.getMessage());
    }
  }

  /** Seals everything queued now; returns how many events were linked (0 when another replica holds the lock). */
  public int sealAll() throws SQLException {
    int total = 0;
    int sealed;
    do {
      sealed = sealBatch();
      total += sealed;
    } while (sealed == BATCH);
    return total;
  }

  private int sealBatch() throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try {
        int sealed = sealBatch(c);
        c.commit();
        return sealed;
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      } finally {
        c.setAutoCommit(true);
      }
    }
  }

  private int sealBatch(Connection c) throws SQLException {
    try (PreparedStatement lock = c.prepareStatement("SELECT pg_try_advisory_xact_lock(?)")) {
      lock.setLong(1, SEAL_LOCK);
      try (ResultSet rs = lock.executeQuery()) {
        rs.next();
        if (!rs.getBoolean(1)) {
          return 0;
        }
      }
    }
    long seq = 0;
    byte[] prev = ChainHash.genesis();
    try (PreparedStatement head = c.prepareStatement(HEAD); ResultSet rs = head.executeQuery()) {
      if (rs.next()) {
        seq = rs.getLong(1);
        prev = rs.getBytes(2);
      }
    }
    List<StoredEvent> events = new ArrayList<>();
    try (PreparedStatement pending = c.prepareStatement(PENDING); ResultSet rs = pending.executeQuery()) {
      while (rs.next()) {
        events.add(StoredEvent.read(rs));
      }
    }
    if (events.isEmpty()) {
      return 0;
    }
    Long[] ids = new Long[events.size()];
    try (PreparedStatement link = c.prepareStatement(LINK)) {
      for (int i = 0; i < events.size(); i++) {
        StoredEvent e = events.get(i);
        seq++;
        byte[] hash = ChainHash.link(prev, e, seq);
        link.setLong(1, seq);
        link.setLong(2, e.id());
        link.setBytes(3, prev);
        link.setBytes(4, hash);
        link.addBatch();
        prev = hash;
        ids[i] = e.id();
      }
      link.executeBatch();
    }
    try (PreparedStatement dequeue = c.prepareStatement(DEQUEUE)) {
      Array array = c.createArrayOf("bigint", ids);
      dequeue.setArray(1, array);
      dequeue.executeUpdate();
    }
    return events.size();
  }
}

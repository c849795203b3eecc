package dev.jitbroker.audit;

import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/** Reads the trail in the order events were written, by page or as one stream. */
@ApplicationScoped
public class AuditReader {

  /** Receives events one at a time while the reader streams. */
  @FunctionalInterface
  public interface Sink {
    void accept(StoredEvent event) throws Exception;
  }

  private final DataSource dataSource;

  AuditReader(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /** Up to {@code limit} events after the event id {@code afterId} (0 for the start), oldest first. */
  public List<StoredEvent> page(AuditFilter filter, long afterId, int limit) throws SQLException {
    List<StoredEvent> events = new ArrayList<>(Math.min(limit, 1000));
    try (Connection c = dataSource.getConnection();
        PreparedStatement s = prepare(c, filter, afterId, limit)) {
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          events.add(StoredEvent.read(rs));
        }
      }
    }
    return events;
  }

  /**
   * Streams every matching event to {@code sink} with a server-side cursor, so memory stays flat
   * however many events match.
   */
  public void stream(AuditFilter filter, Sink sink) throws Exception {
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try (PreparedStatement s = prepare(c, filter, 0, 0)) {
        s.setFetchSize(1000);
        try (ResultSet rs = s.executeQuery()) {
          while (rs.next()) {
            sink.accept(StoredEvent.read(rs));
          }
        }
      } finally {
        c.rollback();
        c.setAutoCommit(true);
      }
    }
  }

  private static PreparedStatement prepare(Connection c, AuditFilter f, long afterId, int limit) throws SQLException {
    StringBuilder sql = new StringBuilder("SELECT ").append(StoredEvent.COLUMNS)
        .append(" FROM audit_event e LEFT JOIN audit_chain c ON c.event_id = e.id WHERE e.id > ?");
    List<Object> args = new ArrayList<>();
    args.add(afterId);
    if (f.from() != null) {
      sql.append(" AND e.occurred_at >= ?");
      args.add(OffsetDateTime.ofInstant(f.from(), ZoneOffset.UTC));
    }
    if (f.to() != null) {
      sql.append(" AND e.occurred_at < ?");
      args.add(OffsetDateTime.ofInstant(f.to(), ZoneOffset.UTC));
    }
    if (f.actorId() != null) {
      sql.append(" AND e.actor_id = ?");
      args.add(f.actorId());
    }
    if (f.type() != null) {
      sql.append(" AND e.type = ?");
      args.add(f.type());
    }
    if (f.requestId() != null) {
      sql.append(" AND e.request_id = ?");
      args.add(f.requestId());
    }
    sql.append(" ORDER BY e.id");
    if (limit > 0) {
      sql.append(" LIMIT ").append(limit);
    }
    PreparedStatement s = c.prepareStatement(sql.toString());
    for (int i = 0; i < args.size(); i++) {
      s.setObject(i + 1, args.get(i));
    }
    return s;
  }
}

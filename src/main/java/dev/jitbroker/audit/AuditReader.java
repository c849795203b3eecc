package dev.jitbroker.audit;

import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.postgresql.PGStatement;

/**
 * Reads the trail by page or as one stream, oldest first. Without a time range, events come in the
 * order they were written (their id): the causal order of one request's events, whichever replica
 * wrote them. With {@code from} or {@code to}, they come in time order (then id), so that Postgres
 * starts at the range's first event instead of walking every older event to reach it.
 */
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

  /**
   * Where a page starts: after the event {@code id}, which occurred at {@code at}. A position from
   * an id alone (an earlier cursor) has no time; the reader looks it up where the order needs it.
   */
  public record Position(long id, Instant at) {
    public static final Position START = new Position(0, null);

    public static Position afterEvent(StoredEvent e) {
      return new Position(e.id(), e.at());
    }
  }

  /** Whether pages of this filter are in time order (a time range is given) rather than id order. */
  public static boolean timeOrdered(AuditFilter f) {
    return f.from() != null || f.to() != null;
  }

  /** Up to {@code limit} events after {@code after} ({@link Position#START} for the first page), oldest first. */
  public List<StoredEvent> page(AuditFilter filter, Position after, int limit) throws SQLException {
    List<StoredEvent> events = new ArrayList<>(Math.min(limit, 1000));
    try (Connection c = dataSource.getConnection();
        PreparedStatement s = prepare(c, filter, after, limit)) {
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
      try (PreparedStatement s = prepare(c, filter, Position.START, 0)) {
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

  private static PreparedStatement prepare(Connection c, AuditFilter f, Position after, int limit) throws SQLException {
    boolean byTime = timeOrdered(f);
    List<Object> args = new ArrayList<>();
    StringBuilder sql = new StringBuilder("SELECT ").append(StoredEvent.COLUMNS);
    if (byTime && limit > 0) {
      // The page's ids first, from the index that holds every column the filter and the order need
      // (time; type or actor, then time): an index-only scan that starts at the range. Asked in one
      // query, the planner may walk the time index and filter by type instead, because it cannot
      // tell that one type's events lie in time order on disk: 82 ms instead of 0.2 ms for one page
      // of 1,000,000 events.
      sql.append(" FROM (SELECT a.id FROM audit_event a WHERE true");
      conditions(sql, args, "a.", f, after, byTime);
      sql.append(" ORDER BY a.occurred_at, a.id LIMIT ").append(limit)
          .append(") p JOIN audit_event e ON e.id = p.id LEFT JOIN audit_chain c ON c.event_id = e.id")
          .append(" ORDER BY e.occurred_at, e.id");
    } else {
      sql.append(" FROM audit_event e LEFT JOIN audit_chain c ON c.event_id = e.id WHERE true");
      conditions(sql, args, "e.", f, after, byTime);
      sql.append(byTime ? " ORDER BY e.occurred_at, e.id" : " ORDER BY e.id");
      if (limit > 0) {
        sql.append(" LIMIT ").append(limit);
      }
    }
    PreparedStatement s = c.prepareStatement(sql.toString());
    // Planned for each call's own values, never with a generic plan of a server-prepared statement:
    // which index is right depends on the type and the range asked for, which a generic plan cannot
    // know. Planning costs well under 1 ms.
    s.unwrap(PGStatement.class).setPrepareThreshold(0);
    for (int i = 0; i < args.size(); i++) {
      s.setObject(i + 1, args.get(i));
    }
    return s;
  }

  private static void conditions(StringBuilder sql, List<Object> args, String e, AuditFilter f, Position after,
      boolean byTime) {
    if (!byTime) {
      sql.append(" AND ").append(e).append("id > ?");
      args.add(after.id());
    } else if (after.at() != null) {
      sql.append(" AND (").append(e).append("occurred_at, ").append(e).append("id) > (?, ?)");
      args.add(OffsetDateTime.ofInstant(after.at(), ZoneOffset.UTC));
      args.add(after.id());
    } else if (after.id() > 0) {
      // A cursor from id order: the event's own time is where the page goes on.
      sql.append(" AND (").append(e).append("occurred_at, ").append(e)
          .append("id) > ((SELECT occurred_at FROM audit_event WHERE id = ?), ?)");
      args.add(after.id());
      args.add(after.id());
    }
    if (f.from() != null) {
      sql.append(" AND ").append(e).append("occurred_at >= ?");
      args.add(OffsetDateTime.ofInstant(f.from(), ZoneOffset.UTC));
    }
    if (f.to() != null) {
      sql.append(" AND ").append(e).append("occurred_at < ?");
      args.add(OffsetDateTime.ofInstant(f.to(), ZoneOffset.UTC));
    }
    if (f.actorId() != null) {
      sql.append(" AND ").append(e).append("actor_id = ?");
      args.add(f.actorId());
    }
    if (f.type() != null) {
      sql.append(" AND ").append(e).append("type = ?");
      args.add(f.type());
    }
    if (f.requestId() != null) {
      sql.append(" AND ").append(e).append("request_id = ?");
      args.add(f.requestId());
    }
  }
}

package dev.jitbroker.fuzz;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import javax.sql.DataSource;

/**
 * What the fuzzer's callers own in the database, counted: their requests, pending and ended by a caller's
 * decision, the approvals on them, the notifications and audit events that calls (not the workers) write,
 * and policy versions. A refused call must leave every count as it was. What the grant workers do later on
 * their own (activating, removing access, calling Azure) is not counted, so it cannot pass for a change made
 * by a refused call.
 */
final class StateProbe {

  /** The counts; equal snapshots mean nothing a call could change did change. */
  record Snapshot(List<Long> counts) {}

  private static final String QUERY = """
      WITH mine AS (SELECT id, state FROM access_request WHERE requester_id = ANY (?))
      SELECT (SELECT count(*) FROM mine),
             (SELECT count(*) FROM mine WHERE state = 'PENDING'),
             (SELECT count(*) FROM mine WHERE state IN ('DENIED', 'CANCELLED', 'REVOKED')),
             (SELECT count(*) FROM approval WHERE request_id IN (SELECT id FROM mine)),
             (SELECT count(*) FROM notification WHERE request_id IN (SELECT id FROM mine)
                 AND event IN ('pending', 'approved', 'denied', 'revoked')),
             (SELECT count(*) FROM audit_event WHERE type IN ('request.submitted', 'request.approved',
                 'request.denied', 'request.cancelled', 'request.revoked', 'request.decision_recorded', 'policy.changed')
                 AND (actor_id = ANY (?) OR request_id IN (SELECT id FROM mine))),
             (SELECT count(*) FROM policy_version)
      """;
  private static final int COUNTS = 7;

  private final DataSource db;
  private final String[] actors;

  StateProbe(DataSource db, Collection<String> actors) {
    this.db = db;
    this.actors = actors.toArray(String[]::new);
  }

  Snapshot take() {
    try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(QUERY)) {
      Array ids = c.createArrayOf("varchar", actors);
      s.setArray(1, ids);
      s.setArray(2, ids);
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        List<Long> counts = new ArrayList<>();
        for (int i = 1; i <= COUNTS; i++) {
          counts.add(rs.getLong(i));
        }
        return new Snapshot(List.copyOf(counts));
      }
    } catch (SQLException e) {
      throw new IllegalStateException("Cannot read the database state", e);
    }
  }

  /** Ids of a few notifications, for replay calls that reach an existing row. */
  List<String> someNotificationIds() {
    try (Connection c = db.getConnection();
        PreparedStatement s = c.prepareStatement("SELECT id::text FROM notification ORDER BY created_at DESC LIMIT 3");
        ResultSet rs = s.executeQuery()) {
      List<String> ids = new ArrayList<>();
      while (rs.next()) {
        ids.add(rs.getString(1));
      }
      return ids;
    } catch (SQLException e) {
      throw new IllegalStateException("Cannot read notifications", e);
    }
  }
}

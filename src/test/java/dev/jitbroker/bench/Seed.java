package dev.jitbroker.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Fills the service's database fast with SQL, starting from rows the service itself wrote. */
final class Seed {

  private Seed() {}

  /**
   * Copies the requests the service stored until there are {@code total}: each copy has a new id, no
   * idempotency key, and is access that came and went (EXPIRED) at a time spread over the last 90
   * days; the requesters stay the same.
   */
  static void cloneRequests(Connection c, int total) throws SQLException {
    long copies = total - countRequests(c);
    try (Statement s = c.createStatement()) {
      s.execute("""
          INSERT INTO access_request
          SELECT copy.*
          FROM generate_series(1, %d) g
          CROSS JOIN LATERAL (SELECT now() - interval '1 day' - (g * interval '90 days') / %d AS t) at
          JOIN (SELECT r, row_number() OVER () - 1 AS k FROM access_request r) src
            ON src.k = g %% (SELECT count(*) FROM access_request)
          -- In FROM, so the record is built once per row (as (f(...)).* it would be built once per column).
          CROSS JOIN LATERAL jsonb_populate_record(src.r, jsonb_build_object(
                    'id', gen_random_uuid(), 'idempotency_key', NULL, 'state', 'EXPIRED', 'grant_ref', NULL,
                    'created_at', at.t, 'updated_at', at.t + interval '1 hour', 'decided_at', at.t,
                    'activated_at', at.t + interval '1 second', 'expires_at', at.t + interval '1 hour',
                    'ended_at', at.t + interval '1 hour', 'access_removed_at', at.t + interval '1 hour')) copy
          """.formatted(copies, copies));
      s.execute("ANALYZE access_request");
    }
  }

  static long countRequests(Connection c) throws SQLException {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM access_request")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /** The ids of every request, by requester. */
  static Map<String, List<UUID>> requestsByRequester(Connection c) throws SQLException {
    Map<String, List<UUID>> byRequester = new HashMap<>();
    try (PreparedStatement s = c.prepareStatement("SELECT requester_id, id FROM access_request");
        ResultSet rs = s.executeQuery()) {
      while (rs.next()) {
        byRequester.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(rs.getObject(2, UUID.class));
      }
    }
    return byRequester;
  }
}

package dev.jitbroker.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The statements one database ran, from pg_stat_statements: to count the round trips of one call. */
final class Statements {

  /** One normalized statement and how often it ran per call measured. */
  record Counted(String query, double perCall, double meanMs) {
    Map<String, Object> json() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("perCall", perCall);
      m.put("meanMs", Load.round(meanMs * 1000) / 1000.0);
      m.put("query", query);
      return m;
    }
  }

  private Statements() {}

  static void reset(Connection c) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
      s.execute("SELECT pg_stat_statements_reset()");
    }
  }

  /** What ran in {@code database} since the reset, per one of {@code calls} calls, most frequent first. */
  static List<Counted> since(Connection c, String database, int calls) throws SQLException {
    List<Counted> list = new ArrayList<>();
    try (PreparedStatement s = c.prepareStatement(
        "SELECT s.query, s.calls, s.mean_exec_time FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid "
            + "WHERE d.datname = ? AND s.query NOT LIKE '%pg_stat_statements%' ORDER BY s.calls DESC, s.query")) {
      s.setString(1, database);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          list.add(new Counted(rs.getString(1).replaceAll("\\s+", " "), rs.getLong(2) / (double) calls, rs.getDouble(3)));
        }
      }
    }
    return list;
  }
}

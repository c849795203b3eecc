package dev.jitbroker.persistence;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/** Binding helpers for the few statements written in plain JDBC, on the hot path. */
public final class Jdbc {

  private Jdbc() {}

  /** A {@code timestamptz} parameter, or SQL NULL. */
  public static void setInstant(PreparedStatement statement, int index, Instant at) throws SQLException {
    if (at == null) {
      statement.setNull(index, Types.TIMESTAMP_WITH_TIMEZONE);
    } else {
      statement.setObject(index, OffsetDateTime.ofInstant(at, ZoneOffset.UTC));
    }
  }
}

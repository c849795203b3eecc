package dev.jitbroker.api;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.SQLException;
import org.hibernate.exception.GenericJDBCException;
import org.junit.jupiter.api.Test;

/** Which failures mean "the database is away" (503 with Retry-After) rather than a fault of ours (500). */
class ProblemMapperTest {

  @Test
  void databaseUnavailable_whenPostgresShutsDownUnderAQuery_evenAsAGenericJdbcError() {
    SQLException shutdown = new SQLException("FATAL: terminating connection due to administrator command", "57P01");
    assertTrue(ProblemMapper.databaseUnavailable(new GenericJDBCException("JDBC exception executing SQL", shutdown)));
    // Starting up, not yet taking connections.
    assertTrue(ProblemMapper.databaseUnavailable(new SQLException("the database system is starting up", "57P03")));
  }

  @Test
  void databaseUnavailable_whenTheConnectionFails_howeverDeeplyWrapped() {
    SQLException refused = new SQLException("Connection to 127.0.0.1:5432 refused", "08001");
    assertTrue(ProblemMapper.databaseUnavailable(
        new RuntimeException("commit failed", new IllegalStateException("rolled back", refused))));
    assertTrue(ProblemMapper.databaseUnavailable(new java.sql.SQLTransientConnectionException("acquisition timeout")));
  }

  @Test
  void databaseUnavailable_isFalse_forOurOwnFaultsAndTheCallersData() {
    assertFalse(ProblemMapper.databaseUnavailable(new IllegalStateException("a bug")));
    assertFalse(ProblemMapper.databaseUnavailable(
        new GenericJDBCException("duplicate", new SQLException("duplicate key value", "23505"))));
    assertFalse(ProblemMapper.databaseUnavailable(new SQLException("no state")));
  }
}

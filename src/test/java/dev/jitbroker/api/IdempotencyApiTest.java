package dev.jitbroker.api;

import static dev.jitbroker.testsupport.Contract.as;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.jitbroker.testsupport.Tokens;
import dev.jitbroker.testsupport.Tokens.User;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

@QuarkusTest
class IdempotencyApiTest {

  private final User alice = Tokens.newUser("alice");
  @Inject DataSource dataSource;
  private final String key = UUID.randomUUID().toString();

  private io.restassured.response.ValidatableResponse post(User user, Object body) {
    return as(user).contentType(ContentType.JSON).header("Idempotency-Key", key).body(body)
        .post("/api/v1/access-requests").then();
  }

  @Test
  void sameKeySameBody_returnsTheFirstRequest() {
    String first = post(alice, Requests.valid()).statusCode(201).extract().path("id");
    String again = post(alice, Requests.valid()).statusCode(200).extract().path("id");
    assertEquals(first, again);
    as(alice).get("/api/v1/access-requests").then().body("items", hasSize(1));
  }

  @Test
  void sameKeyDifferentBody_is422_andStoresNothing() {
    post(alice, Requests.valid()).statusCode(201);
    post(alice, Requests.with("duration", "PT2H")).statusCode(422)
        .contentType("application/problem+json").body("type", endsWith("/idempotency-key-reused"));
    as(alice).get("/api/v1/access-requests").then().body("items", hasSize(1))
        .body("items[0].duration", equalTo("PT1H"));
  }

  @Test
  void sameKeyFromAnotherUser_isIndependent() {
    String mine = post(alice, Requests.valid()).statusCode(201).extract().path("id");
    String theirs = post(Tokens.newUser("bob"), Requests.valid()).statusCode(201).extract().path("id");
    assertNotEquals(mine, theirs);
  }

  @Test
  void concurrentRetriesWithOneKey_storeOneRequest() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<String>> answers = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        Callable<String> call = () -> post(alice, Requests.valid()).extract().path("id");
        answers.add(pool.submit(call));
      }
      String first = answers.get(0).get();
      for (Future<String> f : answers) {
        assertEquals(first, f.get());
      }
    } finally {
      pool.shutdownNow();
    }
    as(alice).get("/api/v1/access-requests").then().body("items", hasSize(1));
  }

  /**
   * The race the unique key settles: another submit with this key is stored but not committed when
   * this one looks, so this one routes and inserts, waits on the key, and once the other commits,
   * answers as a retry of it (here 422: the other asked for something else), storing nothing.
   */
  @Test
  void aKeyTakenWhileThisSubmitRuns_isAnsweredAsARetryOfTheOther() throws Exception {
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try (Connection other = dataSource.getConnection()) {
      other.setAutoCommit(false);
      try (PreparedStatement insert = other.prepareStatement(
          "INSERT INTO access_request (id, state, requester_id, principal_id, scope, role, grant_type, duration_seconds, "
              + "justification, created_at, updated_at, idempotency_key, fingerprint, version) VALUES (?, 'CANCELLED', ?, ?, "
              + "'/subscriptions/00000000-0000-4000-8000-000000000000', 'Reader', 'AZURE_RBAC', 60, 'the other submit', "
              + "now(), now(), ?, ?, 0)")) {
        insert.setObject(1, UUID.randomUUID());
        insert.setString(2, alice.oid());
        insert.setString(3, alice.oid());
        insert.setString(4, key);
        insert.setString(5, "0".repeat(64));
        insert.executeUpdate();
      }
      Future<Integer> status = pool.submit(() -> post(alice, Requests.valid()).extract().statusCode());
      // Commit only once the submit waits on the key: then it has looked and found nothing.
      waitForAnInsertWaitingOn(other);
      other.commit();
      assertEquals(422, status.get());
    } finally {
      pool.shutdownNow();
    }
    try (Connection c = dataSource.getConnection(); PreparedStatement count = c.prepareStatement(
        "SELECT count(*) FROM access_request WHERE requester_id = ? AND idempotency_key = ?")) {
      count.setString(1, alice.oid());
      count.setString(2, key);
      try (ResultSet rs = count.executeQuery()) {
        rs.next();
        assertEquals(1, rs.getInt(1), "only the other submit's request is stored");
      }
    }
  }

  private static void waitForAnInsertWaitingOn(Connection holder) throws Exception {
    long deadline = System.nanoTime() + 30_000_000_000L;
    try (Statement s = holder.createStatement()) {
      while (System.nanoTime() < deadline) {
        try (ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_locks w JOIN pg_locks h ON h.transactionid = w.transactionid "
            + "AND h.granted AND h.pid = pg_backend_pid() WHERE w.locktype = 'transactionid' AND NOT w.granted")) {
          rs.next();
          if (rs.getInt(1) > 0) {
            return;
          }
        }
        Thread.sleep(20);
      }
    }
    throw new AssertionError("the submit never waited on the idempotency key");
  }
}

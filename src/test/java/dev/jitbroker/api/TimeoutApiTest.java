package dev.jitbroker.api;

import static dev.jitbroker.api.AccessRequestApiTest.submit;
import static dev.jitbroker.testsupport.Contract.as;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jitbroker.request.RequestLifecycle;
import dev.jitbroker.testsupport.Tokens;
import dev.jitbroker.testsupport.Tokens.User;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** A pending request nobody decides in time becomes TIMED_OUT; one still within its time stays PENDING. */
@QuarkusTest
class TimeoutApiTest {

  @Inject DataSource dataSource;
  @Inject RequestLifecycle lifecycle;

  private final User alice = Tokens.newUser("alice");

  private void makeOverdue(String id) throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s = c.prepareStatement(
            "UPDATE access_request SET decision_deadline = now() - interval '1 minute' WHERE id = ?::uuid")) {
      s.setString(1, id);
      assertEquals(1, s.executeUpdate());
    }
  }

  @Test
  void overdueRequest_timesOut_onTheSchedule() throws Exception {
    String overdue = submit(alice);
    String fresh = submit(alice);
    makeOverdue(overdue);
    Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
    String state;
    do {
      Thread.sleep(200);
      state = as(alice).get("/api/v1/access-requests/" + overdue).then().extract().path("state");
    } while (!"TIMED_OUT".equals(state) && Instant.now().isBefore(deadline));
    as(alice).get("/api/v1/access-requests/" + overdue).then()
        .body("state", equalTo("TIMED_OUT")).body("endedAt", notNullValue());
    as(alice).get("/api/v1/access-requests/" + overdue + "/audit").then()
        .body("type", contains("request.submitted", "request.timed_out"))
        .body("[1].actor.id", equalTo("system:timeout"));
    as(alice).get("/api/v1/access-requests/" + fresh).then().body("state", equalTo("PENDING"));
  }

  @Test
  void timedOutRequest_cannotBeApproved() throws Exception {
    String id = submit(alice);
    makeOverdue(id);
    lifecycle.timeOutOverdue(100);
    as(Tokens.newUser("bob", "approver")).contentType("application/json")
        .post("/api/v1/access-requests/" + id + "/approve").then().statusCode(409);
  }
}

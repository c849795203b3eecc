package dev.jitbroker.api;

import static dev.jitbroker.testsupport.Contract.as;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jitbroker.sandbox.ArmSandbox;
import dev.jitbroker.sandbox.RoleAssignment;
import dev.jitbroker.testsupport.Tokens.User;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import javax.sql.DataSource;

/** Steps the grant tests share: submit and approve, wait for a state, end access now, look into the sandbox. */
final class GrantFlows {

  private static final Duration PATIENCE = Duration.ofSeconds(30);

  private final User requester;
  private final User approver;
  private final ArmSandbox sandbox;
  private final DataSource dataSource;

  GrantFlows(User requester, User approver, ArmSandbox sandbox, DataSource dataSource) {
    this.requester = requester;
    this.approver = approver;
    this.sandbox = sandbox;
    this.dataSource = dataSource;
  }

  /** Submits {@code body}; approves it too when the policy sends it to approvers. */
  String approved(Map<String, Object> body) {
    JsonPath created = as(requester).contentType(ContentType.JSON).body(body).post("/api/v1/access-requests")
        .then().statusCode(201).extract().jsonPath();
    String id = created.getString("id");
    if ("PENDING".equals(created.getString("state"))) {
      as(approver).contentType(ContentType.JSON).post("/api/v1/access-requests/" + id + "/approve").then().statusCode(200);
    }
    return id;
  }

  JsonPath get(String id) {
    return as(requester).get("/api/v1/access-requests/" + id).then().statusCode(200).extract().jsonPath();
  }

  JsonPath await(String id, Predicate<JsonPath> done) throws InterruptedException {
    Instant deadline = Instant.now().plus(PATIENCE);
    JsonPath r;
    do {
      r = get(id);
      if (done.test(r)) {
        return r;
      }
      Thread.sleep(50);
    } while (Instant.now().isBefore(deadline));
    return r;
  }

  JsonPath awaitState(String id, String state) throws InterruptedException {
    JsonPath r = await(id, p -> state.equals(p.getString("state")));
    assertEquals(state, r.getString("state"), () -> "request " + id + " did not reach " + state + ": " + r.prettify());
    return r;
  }

  /** Moves the request's end to now, so the expiry worker removes its access. */
  void endNow(String id) throws Exception {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s = c.prepareStatement("UPDATE access_request SET expires_at = now() WHERE id = ?::uuid")) {
      s.setString(1, id);
      assertEquals(1, s.executeUpdate());
    }
  }

  List<RoleAssignment> assignmentsOf(String principal, String scope) {
    return sandbox.roleAssignments().stream()
        .filter(a -> a.principalId().equalsIgnoreCase(principal) && a.scope().equalsIgnoreCase(scope)).toList();
  }
}

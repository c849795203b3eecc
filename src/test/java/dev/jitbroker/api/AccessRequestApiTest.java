package dev.jitbroker.api;

import static dev.jitbroker.testsupport.Contract.anonymous;
import static dev.jitbroker.testsupport.Contract.as;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import dev.jitbroker.testsupport.Tokens;
import dev.jitbroker.testsupport.Tokens.User;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

@QuarkusTest
class AccessRequestApiTest {

  private final User alice = Tokens.newUser("alice");
  private final User bob = Tokens.newUser("bob", "approver");
  private final User mallory = Tokens.newUser("mallory");

  static String submit(User user) {
    return as(user).contentType(ContentType.JSON).body(Requests.valid())
        .post("/api/v1/access-requests")
        .then().statusCode(201).extract().path("id");
  }

  @Test
  void submit_storesPendingRequest_andAnswersLocation() {
    as(alice).contentType(ContentType.JSON).body(Requests.valid())
        .post("/api/v1/access-requests")
        .then().statusCode(201)
        .header("Location", containsString("/api/v1/access-requests/"))
        .body("state", equalTo("PENDING"))
        .body("requester.id", equalTo(alice.oid()))
        .body("requester.name", equalTo("alice"))
        .body("principalId", equalTo(alice.oid()))
        .body("scope", equalTo(Requests.RESOURCE_GROUP))
        .body("role", equalTo("Reader"))
        .body("grantType", equalTo("azure-rbac"))
        .body("duration", equalTo("PT1H"))
        .body("ticket", equalTo("INC-4711"))
        .body("decisionDeadline", notNullValue())
        .body("decidedAt", nullValue())
        .body("approvals", empty());
  }

  @Test
  void get_ownRequest_isVisible_othersGet404LikeMissing() {
    String id = submit(alice);
    as(alice).get("/api/v1/access-requests/" + id).then().statusCode(200).body("id", equalTo(id));
    as(mallory).get("/api/v1/access-requests/" + id).then().statusCode(404)
        .contentType("application/problem+json").body("type", endsWith("/not-found"));
    as(mallory).get("/api/v1/access-requests/" + java.util.UUID.randomUUID()).then().statusCode(404)
        .body("type", endsWith("/not-found"));
    as(mallory).get("/api/v1/access-requests/not-a-uuid").then().statusCode(404);
  }

  @Test
  void noToken_is401ProblemJson() {
    anonymous().get("/api/v1/access-requests").then().statusCode(401)
        .contentType("application/problem+json")
        .header("WWW-Authenticate", "Bearer")
        .body("type", endsWith("/unauthorized"));
  }

  @Test
  void approve_byApprover_approves() {
    String id = submit(alice);
    as(bob).contentType(ContentType.JSON).body("{\"comment\":\"ok for the incident\"}")
        .post("/api/v1/access-requests/" + id + "/approve")
        .then().statusCode(200)
        .body("state", equalTo("APPROVED"))
        .body("approvals", hasSize(1))
        .body("approvals[0].approver.id", equalTo(bob.oid()))
        .body("approvals[0].decision", equalTo("APPROVE"))
        .body("approvals[0].comment", equalTo("ok for the incident"))
        .body("decidedAt", notNullValue());
  }

  @Test
  void approve_whenApproverIsRequester_isRefused() {
    String id = submit(bob);
    as(bob).contentType(ContentType.JSON).post("/api/v1/access-requests/" + id + "/approve")
        .then().statusCode(403).body("type", endsWith("/forbidden"))
        .body("detail", containsString("cannot decide"));
    as(bob).get("/api/v1/access-requests/" + id).then().body("state", is("PENDING"));
  }
}

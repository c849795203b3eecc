package dev.jitbroker.api;

import static dev.jitbroker.api.AccessRequestApiTest.submit;
import static dev.jitbroker.testsupport.Contract.as;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;

import dev.jitbroker.testsupport.Tokens;
import dev.jitbroker.testsupport.Tokens.User;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.Test;

/** Every action through HTTP: who may take it, and in which states. */
@QuarkusTest
class LifecycleApiTest {

  private final User alice = Tokens.newUser("alice");
  private final User bob = Tokens.newUser("bob", "approver");
  private final User dana = Tokens.newUser("dana", "approver");
  private final User ada = Tokens.newUser("ada", "admin");
  private final User aud = Tokens.newUser("aud", "auditor");
  private final User mallory = Tokens.newUser("mallory");

  private static ValidatableResponse act(User user, String id, String action) {
    return as(user).contentType(ContentType.JSON).post("/api/v1/access-requests/" + id + "/" + action).then();
  }

  @Test
  void deny_byApprover_denies_andEndsIt() {
    String id = submit(alice);
    as(bob).contentType(ContentType.JSON).body("{\"comment\":\"not during the freeze\"}")
        .post("/api/v1/access-requests/" + id + "/deny")
        .then().statusCode(200).body("state", equalTo("DENIED"))
        .body("approvals[0].decision", equalTo("DENY"));
    act(dana, id, "approve").statusCode(409).body("type", endsWith("/invalid-state"))
        .body("detail", containsString("DENIED"));
  }

  @Test
  void approve_afterApproval_is409() {
    String id = submit(alice);
    act(bob, id, "approve").statusCode(200);
    act(dana, id, "approve").statusCode(409).body("type", endsWith("/invalid-state"));
    act(bob, id, "deny").statusCode(409);
  }

  @Test
  void approve_byPlainUser_onOthersRequest_is404() {
    String id = submit(alice);
    act(mallory, id, "approve").statusCode(404);
  }

  @Test
  void approve_byRequesterWithoutApproverRole_isRefused() {
    String id = submit(alice);
    act(alice, id, "approve").statusCode(403);
  }

  @Test
  void approve_byApproverWhoIsThePrincipal_isRefused() {
    var body = Requests.with("principalId", bob.oid());
    String id = as(alice).contentType(ContentType.JSON).body(body).post("/api/v1/access-requests")
        .then().statusCode(201).extract().path("id");
    act(bob, id, "approve").statusCode(403).body("detail", containsString("granted to you"));
  }

  @Test
  void approve_byAdmin_approves() {
    String id = submit(alice);
    act(ada, id, "approve").statusCode(200).body("state", equalTo("APPROVED"));
  }

  @Test
  void auditor_readsAll_butCannotDecide() {
    String id = submit(alice);
    as(aud).get("/api/v1/access-requests/" + id).then().statusCode(200);
    act(aud, id, "approve").statusCode(403);
  }

  @Test
  void cancel_byRequester_whilePending_cancels() {
    String id = submit(alice);
    act(alice, id, "cancel").statusCode(200).body("state", equalTo("CANCELLED")).body("endedAt", notNullValue());
    act(bob, id, "approve").statusCode(409);
  }

  @Test
  void cancel_bySomeoneElse_isRefused() {
    String id = submit(alice);
    act(bob, id, "cancel").statusCode(403);
    act(mallory, id, "cancel").statusCode(404);
    as(alice).get("/api/v1/access-requests/" + id).then().body("state", equalTo("PENDING"));
  }

  @Test
  void cancel_afterApproval_is409() {
    String id = submit(alice);
    act(bob, id, "approve").statusCode(200);
    act(alice, id, "cancel").statusCode(409).body("detail", containsString("only while PENDING"));
  }

  @Test
  void revoke_byRequester_afterApproval_revokes() {
    String id = submit(alice);
    act(bob, id, "approve").statusCode(200);
    act(alice, id, "revoke").statusCode(200).body("state", equalTo("REVOKED"));
    act(alice, id, "revoke").statusCode(409);
  }

  @Test
  void revoke_byAdmin_revokesAnyone() {
    String id = submit(alice);
    act(bob, id, "approve").statusCode(200);
    act(ada, id, "revoke").statusCode(200).body("state", equalTo("REVOKED"));
  }

  @Test
  void revoke_byApproverWhoIsNotAdmin_isRefused() {
    String id = submit(alice);
    act(bob, id, "approve").statusCode(200);
    act(dana, id, "revoke").statusCode(403);
    act(mallory, id, "revoke").statusCode(404);
  }

  @Test
  void revoke_whilePending_is409() {
    String id = submit(alice);
    act(alice, id, "revoke").statusCode(409).body("type", endsWith("/invalid-state"));
  }

  @Test
  void actions_onMissingRequest_are404() {
    for (String action : new String[] {"approve", "deny", "cancel", "revoke"}) {
      act(ada, java.util.UUID.randomUUID().toString(), action).statusCode(404);
    }
  }

  @Test
  void theRequestRecordsEachDecision() {
    String id = submit(alice);
    act(bob, id, "approve").statusCode(200);
    as(alice).get("/api/v1/access-requests/" + id).then()
        .body("approvals", hasSize(1))
        .body("approvals[0].approver.name", equalTo("bob"));
  }
}

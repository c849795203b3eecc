package dev.jitbroker.api;

import static dev.jitbroker.api.AccessRequestApiTest.submit;
import static dev.jitbroker.testsupport.Contract.as;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jitbroker.testsupport.Tokens;
import dev.jitbroker.testsupport.Tokens.User;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.RepeatedTest;

/** Approvers racing on one request: exactly one wins, the others get 409, nobody gets a 500. */
@QuarkusTest
class ConcurrencyApiTest {

  private static final int APPROVERS = 8;

  @RepeatedTest(5)
  void concurrentDecisions_onOneRequest_onlyOneWins() throws Exception {
    User alice = Tokens.newUser("alice");
    String id = submit(alice);
    List<User> approvers = new ArrayList<>();
    for (int i = 0; i < APPROVERS; i++) {
      approvers.add(Tokens.newUser("approver-" + i, "approver"));
    }
    ExecutorService pool = Executors.newFixedThreadPool(APPROVERS);
    CountDownLatch start = new CountDownLatch(1);
    try {
      List<Future<Response>> answers = new ArrayList<>();
      for (int i = 0; i < APPROVERS; i++) {
        User approver = approvers.get(i);
        String action = i % 2 == 0 ? "approve" : "deny";
        answers.add(pool.submit(() -> {
          var spec = as(approver).contentType(ContentType.JSON);
          start.await();
          return spec.post("/api/v1/access-requests/" + id + "/" + action);
        }));
      }
      start.countDown();
      int won = 0;
      for (Future<Response> f : answers) {
        int status = f.get().statusCode();
        assertTrue(status == 200 || status == 409, "unexpected status " + status);
        if (status == 200) {
          won++;
        }
      }
      assertEquals(1, won);
    } finally {
      pool.shutdownNow();
    }
    String state = as(alice).get("/api/v1/access-requests/" + id).then()
        .body("approvals", hasSize(1)).extract().path("state");
    String decision = as(alice).get("/api/v1/access-requests/" + id).then().extract().path("approvals[0].decision");
    // An approved request may already be ACTIVE: the grant worker starts as soon as the approval commits.
    if (decision.equals("APPROVE")) {
      assertTrue(state.equals("APPROVED") || state.equals("ACTIVE"), state);
    } else {
      assertEquals("DENIED", state);
    }
    // One decision, one audit event for it (the grant worker may have added its own events since).
    as(alice).get("/api/v1/access-requests/" + id + "/audit").then().statusCode(200)
        .body("findAll { it.type in ['request.approved', 'request.denied', 'request.decision_recorded'] }.size()",
            equalTo(1));
  }
}

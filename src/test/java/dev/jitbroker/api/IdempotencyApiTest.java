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
import org.junit.jupiter.api.Test;

@QuarkusTest
class IdempotencyApiTest {

  private final User alice = Tokens.newUser("alice");
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
}

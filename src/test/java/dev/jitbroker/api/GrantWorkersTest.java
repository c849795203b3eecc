package dev.jitbroker.api;

import static dev.jitbroker.testsupport.Contract.as;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jitbroker.request.Granting;
import dev.jitbroker.sandbox.ArmSandbox;
import dev.jitbroker.testsupport.Tokens;
import dev.jitbroker.testsupport.Tokens.User;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Several workers at once (as several replicas would run them, here besides the scheduled one) claim
 * rows with SKIP LOCKED: every approved request is granted exactly once, and removed exactly once.
 */
@QuarkusTest
class GrantWorkersTest {

  private static final int REQUESTS = 40;
  private static final int WORKERS = 4;

  @Inject Granting granting;
  @Inject ArmSandbox sandbox;

  @Test
  void concurrentWorkers_grantEachRequestOnce_andRemoveEachOnce() throws Exception {
    User alice = Tokens.newUser("alice");
    User bob = Tokens.newUser("bob", "approver");
    String sub = "/subscriptions/55555555-0000-4000-8000-000000000000/resourceGroups/w-" + UUID.randomUUID();
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < REQUESTS; i++) {
      Map<String, Object> body = Requests.valid();
      body.put("scope", sub + "/providers/Microsoft.Storage/storageAccounts/sa" + i);
      String id = as(alice).contentType(ContentType.JSON).body(body).post("/api/v1/access-requests")
          .then().statusCode(201).extract().path("id");
      as(bob).contentType(ContentType.JSON).post("/api/v1/access-requests/" + id + "/approve").then().statusCode(200);
      ids.add(id);
    }
    drain(granting::grantNext);
    for (String id : ids) {
      // A row the scheduled worker still holds was skipped by ours: wait for its commit.
      assertEquals("ACTIVE", awaitField(alice, id, "state", "ACTIVE"));
    }
    for (String id : ids) {
      as(Tokens.newUser("ada", "admin")).contentType(ContentType.JSON)
          .post("/api/v1/access-requests/" + id + "/revoke").then().statusCode(200);
    }
    drain(granting::removeNext);
    for (String id : ids) {
      awaitField(alice, id, "accessRemovedAt", null);
      JsonPath trail = as(alice).get("/api/v1/access-requests/" + id + "/audit").then().extract().jsonPath();
      assertEquals(1, trail.getList("findAll { it.type == 'request.activated' }").size(), id);
      assertEquals(1, trail.getList("findAll { it.type == 'azure.call' && it.details.method == 'PUT' }").size(), id);
      assertEquals(1, trail.getList("findAll { it.type == 'request.access_removed' }").size(), id);
      assertEquals(1, trail.getList("findAll { it.type == 'azure.call' && it.details.method == 'DELETE' }").size(), id);
    }
    assertEquals(0, sandbox.roleAssignments().stream().filter(a -> a.scope().startsWith(sub)).count());
  }

  /** Polls the request until {@code field} equals {@code expected} (or, for null, is set); returns its last value. */
  private static String awaitField(User user, String id, String field, String expected) throws InterruptedException {
    long deadline = System.nanoTime() + 15_000_000_000L;
    String value;
    do {
      value = as(user).get("/api/v1/access-requests/" + id).then().extract().path(field);
      if (expected == null ? value != null : expected.equals(value)) {
        return value;
      }
      Thread.sleep(50);
    } while (System.nanoTime() < deadline);
    return value;
  }

  /** Runs {@code step} on several threads at once until none of them finds more work. */
  private static void drain(java.util.function.BooleanSupplier step) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(WORKERS);
    CountDownLatch start = new CountDownLatch(1);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int w = 0; w < WORKERS; w++) {
        done.add(pool.submit(() -> {
          start.await();
          while (step.getAsBoolean()) {
            // keep claiming
          }
          return null;
        }));
      }
      start.countDown();
      for (Future<?> f : done) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
  }
}

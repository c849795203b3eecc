package dev.jitbroker.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** What the platform serves besides the API: health (liveness, readiness, startup) and no dev endpoints. */
@QuarkusTest
class PlatformTest {

  @Test
  void health_isUp_withTheDatabaseCheck() {
    given().get("/q/health").then().statusCode(200)
        .body("status", equalTo("UP"))
        .body("checks.name", hasItem("Database connections health check"));
  }

  @Test
  void readiness_includesTheDatabase_soAReplicaWithoutItTakesNoTraffic() {
    given().get("/q/health/ready").then().statusCode(200)
        .body("status", equalTo("UP"))
        .body("checks.find { it.name == 'Database connections health check' }.status", equalTo("UP"));
  }

  @Test
  void liveness_leavesTheDatabaseOut_soAnOutageRestartsNothing() {
    given().get("/q/health/live").then().statusCode(200)
        .body("status", equalTo("UP"))
        .body("checks.name", not(hasItem("Database connections health check")));
  }

  @Test
  void startup_isUp_onceStarted() {
    given().get("/q/health/started").then().statusCode(200).body("status", equalTo("UP"));
  }

  @Test
  void devTokenEndpoint_existsOnlyInDevBuilds() {
    // The test build is not a dev build: nobody can mint a token here.
    given().get("/dev/token?user=alice&roles=admin").then().statusCode(404);
  }
}

package dev.jitbroker.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

@QuarkusTest
class PlatformTest {

  @Test
  void health_isUp_withTheDatabaseCheck() {
    given().get("/q/health").then().statusCode(200)
        .body("status", equalTo("UP"))
        .body("checks.name", hasItem("Database connections health check"));
  }

  @Test
  void devTokenEndpoint_existsOnlyInDevBuilds() {
    // The test build is not a dev build: nobody can mint a token here.
    given().get("/dev/token?user=alice&roles=admin").then().statusCode(404);
  }
}

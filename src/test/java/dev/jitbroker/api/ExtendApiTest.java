package dev.jitbroker.api;

import static dev.jitbroker.testsupport.Contract.as;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jitbroker.sandbox.ArmSandbox;
import dev.jitbroker.testsupport.Tokens;
import dev.jitbroker.testsupport.Tokens.User;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code POST .../extend}: more time on active access, routed by policy, with no gap in the access. */
@QuarkusTest
class ExtendApiTest {

  static final String AUTO = "/subscriptions/22222222-0000-4000-8000-000000000000/resourceGroups/auto-";
  static final String APPROVED = "/subscriptions/44444444-0000-4000-8000-000000000000/resourceGroups/rg-";

  @Inject ArmSandbox sandbox;
  @Inject DataSource dataSource;

  private final User alice = Tokens.newUser("alice");
  private final User bob = Tokens.newUser("bob", "approver");
  private GrantFlows flows;

  @BeforeEach
  void setUp() {
    flows = new GrantFlows(alice, bob, sandbox, dataSource);
  }

  private Map<String, Object> reader(String scope) {
    Map<String, Object> body = Requests.valid();
    body.put("scope", scope);
    return body;
  }

  private ValidatableResponse extend(User who, String id, String duration, String justification) {
    return as(who).contentType(ContentType.JSON)
        .body(Map.of("duration", duration, "justification", justification))
        .post("/api/v1/access-requests/" + id + "/extend").then();
  }

  @Test
  void extension_approvedByPolicy_continuesTheAccess_withoutAGap() throws Exception {
    String scope = AUTO + UUID.randomUUID();
    String first = flows.approved(reader(scope));
    JsonPath original = flows.awaitState(first, "ACTIVE");
    Instant originalEnd = Instant.parse(original.getString("expiresAt"));

    var created = extend(alice, first, "PT30M", "The migration runs longer than planned")
        .statusCode(201)
        .body("extendsId", equalTo(first))
        .body("scope", equalTo(scope))
        .body("role", equalTo("Reader"))
        .body("duration", equalTo("PT30M"))
        .extract();
    String second = created.path("id");
    assertTrue(created.header("Location").endsWith("/api/v1/access-requests/" + second), created.header("Location"));
    JsonPath extension = flows.awaitState(second, "ACTIVE");
    assertEquals(originalEnd.plus(Duration.ofMinutes(30)), Instant.parse(extension.getString("expiresAt")),
        "the extension's time starts where the original's ends");
    assertEquals(original.getString("grantRef"), extension.getString("grantRef"), "one assignment holds both");

    flows.endNow(first);
    flows.awaitState(first, "EXPIRED");
    assertEquals(1, flows.assignmentsOf(alice.oid(), scope).size(), "the extension still holds the access");
    as(alice).get("/api/v1/access-requests/" + first + "/audit").then()
        .body("find { it.type == 'request.expired' }.details.keptFor", containsString("another active request"));

    flows.endNow(second);
    flows.awaitState(second, "EXPIRED");
    assertEquals(0, flows.assignmentsOf(alice.oid(), scope).size());
  }

  @Test
  void extension_thatNeedsApproval_waitsForApprovers_andTheOriginalKeepsRunning() throws Exception {
    String scope = APPROVED + UUID.randomUUID();
    String first = flows.approved(reader(scope));
    flows.awaitState(first, "ACTIVE");
    String second = extend(alice, first, "PT1H", "Still investigating INC-4711 after the first hour")
        .statusCode(201).body("state", equalTo("PENDING")).extract().path("id");
    assertEquals("ACTIVE", flows.get(first).getString("state"));

    as(bob).contentType(ContentType.JSON).post("/api/v1/access-requests/" + second + "/approve").then().statusCode(200);
    JsonPath extension = flows.awaitState(second, "ACTIVE");
    assertEquals(Instant.parse(flows.get(first).getString("expiresAt")).plus(Duration.ofHours(1)),
        Instant.parse(extension.getString("expiresAt")));
  }

  @Test
  void extension_isRoutedByPolicy_likeANewRequest() throws Exception {
    String auto = flows.approved(reader(AUTO + UUID.randomUUID()));
    flows.awaitState(auto, "ACTIVE");
    // The auto rule approves at most two hours at once; a longer extension goes to approvers instead.
    extend(alice, auto, "PT3H", "A much longer window than the auto rule allows")
        .statusCode(201).body("state", equalTo("PENDING")).body("policyRule", equalTo("catch-all"));

    String ticketed = flows.approved(reader("/subscriptions/22222222-0000-4000-8000-000000000000/resourceGroups/ticketed-rg"));
    flows.awaitState(ticketed, "ACTIVE");
    // This rule's constraint allows two hours at most: an extension that breaks it is refused, not stored.
    extend(alice, ticketed, "PT3H", "A much longer window than the rule allows")
        .statusCode(400).contentType("application/problem+json")
        .body("errors.field", hasItem("duration"));
  }

  @Test
  void onlyTheRequester_extends_onlyActiveAccess_withAValidBody() throws Exception {
    String scope = APPROVED + UUID.randomUUID();
    String pending = as(alice).contentType(ContentType.JSON).body(reader(scope)).post("/api/v1/access-requests")
        .then().statusCode(201).extract().path("id");
    extend(alice, pending, "PT1H", "More time for the pending request").statusCode(409)
        .contentType("application/problem+json").body("detail", containsString("only active access"));

    String active = flows.approved(reader(AUTO + UUID.randomUUID()));
    flows.awaitState(active, "ACTIVE");
    extend(bob, active, "PT1H", "Someone else's access, extended").statusCode(403)
        .contentType("application/problem+json");
    extend(alice, active, "one hour", "short").statusCode(400)
        .body("errors.field", hasItem("duration"))
        .body("errors.field", hasItem("justification"));
    as(alice).contentType(ContentType.JSON).post("/api/v1/access-requests/" + active + "/extend").then()
        .statusCode(400).contentType("application/problem+json");
    extend(alice, UUID.randomUUID().toString(), "PT1H", "A request that does not exist").statusCode(404);
    assertEquals(0, as(alice).queryParam("limit", 100).get("/api/v1/access-requests").then().extract().jsonPath()
        .getList("items.findAll { it.extendsId != null }").size(), "nothing was stored for the refused extensions");
  }

  @Test
  void sameIdempotencyKey_replaysTheExtension() throws Exception {
    String first = flows.approved(reader(AUTO + UUID.randomUUID()));
    flows.awaitState(first, "ACTIVE");
    Map<String, String> body = Map.of("duration", "PT30M", "justification", "The migration runs longer than planned");
    String key = UUID.randomUUID().toString();
    String id = as(alice).contentType(ContentType.JSON).header("Idempotency-Key", key).body(body)
        .post("/api/v1/access-requests/" + first + "/extend").then().statusCode(201).extract().path("id");
    as(alice).contentType(ContentType.JSON).header("Idempotency-Key", key).body(body)
        .post("/api/v1/access-requests/" + first + "/extend").then().statusCode(200).body("id", equalTo(id));
  }
}

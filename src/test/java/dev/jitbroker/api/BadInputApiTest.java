package dev.jitbroker.api;

import static dev.jitbroker.testsupport.Contract.as;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;

import dev.jitbroker.testsupport.Tokens;
import dev.jitbroker.testsupport.Tokens.User;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** Bad input on every field is a 400 problem+json naming the field, and stores nothing. */
@QuarkusTest
class BadInputApiTest {

  private final User carol = Tokens.newUser("carol");

  static Stream<Arguments> badFields() {
    String sub = Requests.SUBSCRIPTION;
    return Stream.of(
        Arguments.of("scope", null),
        Arguments.of("scope", ""),
        Arguments.of("scope", "subscriptions/11111111-2222-3333-4444-555555555555"),
        Arguments.of("scope", "/subscriptions/not-a-guid"),
        Arguments.of("scope", sub + "/"),
        Arguments.of("scope", sub + "/resourceGroups/rg."),
        Arguments.of("scope", sub + "/resourceGroups/rg/providers/Microsoft.Compute"),
        Arguments.of("scope", sub + "/resourceGroups/" + "r".repeat(1100)),
        Arguments.of("scope", "/subscriptions/11111111-2222-3333-4444-555555555555\u0000"),
        Arguments.of("role", null),
        Arguments.of("role", ""),
        Arguments.of("role", "/not/a/role"),
        Arguments.of("role", "Reader\n"),
        Arguments.of("role", "R".repeat(300)),
        Arguments.of("duration", null),
        Arguments.of("duration", "1h"),
        Arguments.of("duration", "PT4M"),
        Arguments.of("duration", "PT8H1S"),
        Arguments.of("duration", "PT-1H"),
        Arguments.of("duration", "P100000000000D"),
        Arguments.of("justification", null),
        Arguments.of("justification", "too short"),
        Arguments.of("justification", "x".repeat(1001)),
        Arguments.of("justification", "bell \u0007 in the justification"),
        Arguments.of("ticket", ""),
        Arguments.of("ticket", "T".repeat(129)),
        Arguments.of("ticket", " INC-1"),
        Arguments.of("principalId", "not-an-object-id"),
        Arguments.of("grantType", "aws-iam"),
        Arguments.of("grantType", "Azure-RBAC"));
  }

  @ParameterizedTest(name = "{0} = {1}")
  @MethodSource("badFields")
  void submit_withBadField_is400NamingTheField(String field, String value) {
    as(carol).contentType(ContentType.JSON).body(Requests.with(field, value))
        .post("/api/v1/access-requests")
        .then().statusCode(400)
        .contentType("application/problem+json")
        .body("type", endsWith("/validation"))
        .body("title", notNullValue())
        .body("detail", notNullValue())
        .body("errors.field", hasItem(field));
  }

  @Test
  void submit_withSeveralBadFields_reportsEachOnce() {
    Map<String, Object> body = Requests.with("scope", "nope");
    body.put("duration", "forever");
    body.put("role", "");
    as(carol).contentType(ContentType.JSON).body(body).post("/api/v1/access-requests")
        .then().statusCode(400).body("errors", hasSize(3));
  }

  static Stream<Arguments> badNetworks() {
    String vm = Requests.RESOURCE_GROUP + "/providers/Microsoft.Compute/virtualMachines/vm1";
    return Stream.of(
        Arguments.of("vm-jit", vm, null, "network"),
        Arguments.of("vm-jit", vm, Map.of("ports", java.util.List.of(), "sourceAddressPrefix", "203.0.113.7"), "network.ports"),
        Arguments.of("vm-jit", vm, Map.of("ports", java.util.List.of(22, 70000), "sourceAddressPrefix", "203.0.113.7"), "network.ports"),
        Arguments.of("vm-jit", vm, Map.of("ports", java.util.List.of(22, 22), "sourceAddressPrefix", "203.0.113.7"), "network.ports"),
        Arguments.of("vm-jit", vm, Map.of("ports", java.util.List.of(22)), "network.sourceAddressPrefix"),
        Arguments.of("vm-jit", vm, Map.of("ports", java.util.List.of(22), "sourceAddressPrefix", "*"), "network.sourceAddressPrefix"),
        Arguments.of("vm-jit", vm, Map.of("ports", java.util.List.of(22), "sourceAddressPrefix", "Internet"), "network.sourceAddressPrefix"),
        Arguments.of("azure-rbac", Requests.RESOURCE_GROUP, Map.of("ports", java.util.List.of(22), "sourceAddressPrefix", "203.0.113.7"), "network"));
  }

  /** vm-jit is available; what it needs in {@code network} is checked before Azure is asked. */
  @ParameterizedTest(name = "{0} {2}")
  @MethodSource("badNetworks")
  void submit_withMissingOrBadNetwork_is400NamingThePart(String grantType, String scope, Map<String, Object> network, String field) {
    Map<String, Object> body = Requests.with("grantType", grantType);
    body.put("scope", scope);
    if ("vm-jit".equals(grantType)) {
      body.remove("role");
    }
    if (network != null) {
      body.put("network", network);
    }
    as(carol).contentType(ContentType.JSON).body(body).post("/api/v1/access-requests")
        .then().statusCode(400)
        .contentType("application/problem+json")
        .body("type", endsWith("/validation"))
        .body("errors.field", equalTo(java.util.List.of(field)));
  }

  static Stream<Arguments> unreadableBodies() {
    return Stream.of(
        Arguments.of("{\"scope\": "),
        Arguments.of("[1, 2, 3]"),
        Arguments.of("\"a string\""),
        Arguments.of("{\"scope\": {\"nested\": true}, \"role\": \"Reader\"}"),
        Arguments.of("{\"justification\": [\"a\", \"b\"]}"),
        Arguments.of("{\"scopee\": \"/subscriptions/11111111-2222-3333-4444-555555555555\"}"),
        Arguments.of("{\"role\": \"Reader\"} trailing"),
        Arguments.of("[" .repeat(5000)));
  }

  @ParameterizedTest
  @MethodSource("unreadableBodies")
  void submit_withUnreadableBody_is400(String body) {
    as(carol).contentType(ContentType.JSON).body(body).post("/api/v1/access-requests")
        .then().statusCode(400).contentType("application/problem+json");
  }

  @Test
  void submit_withUnknownField_namesIt() {
    as(carol).contentType(ContentType.JSON).body(Requests.with("justfication", "typo in the name"))
        .post("/api/v1/access-requests")
        .then().statusCode(400).body("type", endsWith("/malformed-body"))
        .body("detail", org.hamcrest.Matchers.containsString("justfication"));
  }

  @Test
  void submit_withEmptyBody_is400() {
    as(carol).contentType(ContentType.JSON).post("/api/v1/access-requests")
        .then().statusCode(400).contentType("application/problem+json");
  }

  @Test
  void submit_asPlainText_is415() {
    as(carol).contentType(ContentType.TEXT).body("hello").post("/api/v1/access-requests")
        .then().statusCode(415).contentType("application/problem+json");
  }

  @Test
  void submit_withBadIdempotencyKey_is400() {
    as(carol).contentType(ContentType.JSON).header("Idempotency-Key", "has spaces in it")
        .body(Requests.valid()).post("/api/v1/access-requests")
        .then().statusCode(400).body("errors[0].field", equalTo("Idempotency-Key"));
  }

  static Stream<Arguments> badQueries() {
    return Stream.of(
        Arguments.of("state", "SLEEPING"),
        Arguments.of("limit", "0"),
        Arguments.of("limit", "201"),
        Arguments.of("limit", "ten"),
        Arguments.of("cursor", "not-a-cursor"),
        Arguments.of("cursor", "Zm9vfGJhcg"),
        Arguments.of("cursor", java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
            ("+300000-01-01T00:00:00Z|" + java.util.UUID.randomUUID()).getBytes())),
        Arguments.of("requester", "a\u0000b"));
  }

  @ParameterizedTest(name = "{0} = {1}")
  @MethodSource("badQueries")
  void list_withBadQuery_is400NamingTheParameter(String name, String value) {
    as(carol).queryParam(name, value).get("/api/v1/access-requests")
        .then().statusCode(400).contentType("application/problem+json").body("errors[0].field", equalTo(name));
  }

  @Test
  void decide_withOverlongComment_is400() {
    User erin = Tokens.newUser("erin");
    String id = AccessRequestApiTest.submit(erin);
    User dave = Tokens.newUser("dave", "approver");
    as(dave).contentType(ContentType.JSON).body(Map.of("comment", "c".repeat(1001)))
        .post("/api/v1/access-requests/" + id + "/approve")
        .then().statusCode(400).body("errors[0].field", equalTo("comment"));
    as(erin).get("/api/v1/access-requests/" + id).then().body("state", equalTo("PENDING"))
        .body("approvals", hasSize(0));
  }

  @Test
  void auditQueries_withAbsurdValues_are400() {
    User aud = Tokens.newUser("aud", "auditor");
    as(aud).queryParam("from", "+300000-01-01T00:00:00Z").get("/api/v1/audit-events").then().statusCode(400)
        .body("errors[0].field", equalTo("from"));
    as(aud).queryParam("actor", "x\u0000y").get("/api/v1/audit-events").then().statusCode(400)
        .body("errors[0].field", equalTo("actor"));
  }

  @AfterEach
  void nothingWasStored() {
    // Each test has a fresh carol: whatever she sent was refused, so she has no requests.
    as(carol).get("/api/v1/access-requests").then().statusCode(200).body("items", hasSize(0));
  }
}

package dev.jitbroker.api;

import static dev.jitbroker.testsupport.Contract.as;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jitbroker.testsupport.Tokens;
import dev.jitbroker.testsupport.Tokens.User;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@SuppressWarnings("unchecked")
/** Routing by policy, end to end: real tokens, real Postgres, the test policy in src/test/resources/policy. */
@QuarkusTest
class PolicyApiTest {

  static final String SUB = "/subscriptions/22222222-0000-4000-8000-000000000000";
  static final String GROUP = "9f0e1d2c-0000-4000-8000-00000000a9a9";

  @jakarta.inject.Inject javax.sql.DataSource dataSource;

  private final User alice = Tokens.newUser("alice");
  private final User admin = Tokens.newUser("ada", "admin");
  private final User q1 = new User("0c3b2a91-0000-4000-8000-0000000000a1", "q1", List.of(), List.of());
  private final User q2 = new User("0c3b2a91-0000-4000-8000-0000000000a2", "q2", List.of(), List.of());
  private final User q3 = new User("0c3b2a91-0000-4000-8000-0000000000a3", "q3", List.of(), List.of());

  private static Map<String, Object> request(String scope, String role, String duration) {
    Map<String, Object> body = Requests.valid();
    body.put("scope", scope);
    body.put("role", role);
    body.put("duration", duration);
    return body;
  }

  private static ValidatableResponse submit(User user, Map<String, Object> body) {
    return as(user).contentType(ContentType.JSON).body(body).post("/api/v1/access-requests").then();
  }

  private static ValidatableResponse act(User user, String id, String action) {
    return as(user).contentType(ContentType.JSON).post("/api/v1/access-requests/" + id + "/" + action).then();
  }

  private static ValidatableResponse putPolicy(User user, String yaml) {
    return as(user)
        .config(io.restassured.RestAssured.config().encoderConfig(
            io.restassured.config.EncoderConfig.encoderConfig().encodeContentTypeAs("application/yaml", ContentType.TEXT)))
        .contentType("application/yaml").body(yaml).put("/api/v1/policy").then();
  }

  @Test
  void autoRule_approvesAtOnce_andRecordsTheRule() {
    String id = submit(alice, request(SUB + "/resourceGroups/auto-web", "Reader", "PT1H")).statusCode(201)
        .body("state", equalTo("APPROVED"))
        .body("policyRule", equalTo("auto-readers"))
        .body("policyVersion", notNullValue())
        .body("decidedAt", notNullValue())
        .body("approvals", hasSize(0))
        .extract().path("id");
    as(alice).get("/api/v1/access-requests/" + id + "/audit").then()
        .body("type[0]", equalTo("request.submitted"))
        .body("type[1]", equalTo("request.approved"))
        .body("[1].actor.id", equalTo("system:policy"))
        .body("[1].details.rule", equalTo("auto-readers"));
  }

  @Test
  void autoRule_overItsMaximum_fallsToTheNextRule() {
    submit(alice, request(SUB + "/resourceGroups/auto-web", "Reader", "PT3H")).statusCode(201)
        .body("state", equalTo("PENDING")).body("policyRule", equalTo("catch-all"));
  }

  @Test
  void denyRule_refusesWithItsMessage() {
    submit(alice, request(SUB + "/resourceGroups/anything", "Owner", "PT1H")).statusCode(201)
        .body("state", equalTo("DENIED"))
        .body("policyRule", equalTo("owner-never"))
        .body("decisionReason", containsString("never granted just in time"))
        .body("endedAt", notNullValue());
  }

  @Test
  void constraints_refuseTheInput_andStoreNothing() {
    User bo = Tokens.newUser("bo");
    Map<String, Object> body = request(SUB + "/resourceGroups/ticketed-rg", "Reader", "PT3H");
    body.put("ticket", "JIRA-1");
    submit(bo, body).statusCode(400).body("type", endsWith("/validation"))
        .body("errors.field", hasItems("ticket", "duration"));
    as(bo).get("/api/v1/access-requests").then().body("items", hasSize(0));
  }

  @Test
  void twoOfThree_firstApprovalLeavesItPending_secondApproves() {
    String id = submit(alice, request(SUB + "/resourceGroups/quorum-rg", "Contributor", "PT1H")).statusCode(201)
        .body("state", equalTo("PENDING")).body("requiredApprovals", equalTo(2))
        .extract().path("id");
    as(q1).queryParam("awaiting", "me").get("/api/v1/access-requests").then().body("items.id", hasItem(id));

    act(q1, id, "approve").statusCode(200).body("state", equalTo("PENDING")).body("approvals", hasSize(1));
    act(q1, id, "approve").statusCode(409).body("type", endsWith("/already-decided"));
    as(q1).queryParam("awaiting", "me").get("/api/v1/access-requests").then().body("items.id", not(hasItem(id)));
    as(q2).queryParam("awaiting", "me").get("/api/v1/access-requests").then().body("items.id", hasItem(id));

    act(q2, id, "approve").statusCode(200).body("state", equalTo("APPROVED")).body("approvals", hasSize(2));
    act(q3, id, "approve").statusCode(409);
    as(alice).get("/api/v1/access-requests/" + id + "/audit").then()
        .body("type[0]", equalTo("request.submitted"))
        .body("type[1]", equalTo("request.decision_recorded"))
        .body("type[2]", equalTo("request.approved"))
        .body("[2].details.approvals", equalTo(2));
  }

  @Test
  void twoOfThree_aDenialDoesNotEndIt_whenTheRuleSaysSo() {
    String id = submit(alice, request(SUB + "/resourceGroups/quorum-rg", "Contributor", "PT1H")).statusCode(201)
        .extract().path("id");
    act(q1, id, "deny").statusCode(200).body("state", equalTo("PENDING"));
    act(q2, id, "approve").statusCode(200).body("state", equalTo("PENDING"));
    act(q3, id, "approve").statusCode(200).body("state", equalTo("APPROVED"));
  }

  @Test
  void approverWithTheAppRoleButNotNamedByTheRule_isRefused() {
    String id = submit(alice, request(SUB + "/resourceGroups/quorum-rg", "Contributor", "PT1H")).statusCode(201)
        .extract().path("id");
    act(Tokens.newUser("bob", "approver"), id, "approve").statusCode(403).body("type", endsWith("/forbidden"));
    as(alice).get("/api/v1/access-requests/" + id).then().body("state", equalTo("PENDING")).body("approvals", hasSize(0));
  }

  @Test
  void approverWhoLostGroupMembership_betweenRoutingAndDeciding_isRefused() {
    String id = submit(alice, request(SUB + "/resourceGroups/group-rg", "Contributor", "PT1H")).statusCode(201)
        .body("state", equalTo("PENDING")).extract().path("id");
    String carolId = UUID.randomUUID().toString();
    User carolInGroup = new User(carolId, "carol", List.of("auditor"), List.of(GROUP));
    User carolNow = new User(carolId, "carol", List.of("auditor"), List.of());
    as(carolInGroup).queryParam("awaiting", "me").get("/api/v1/access-requests").then().body("items.id", hasItem(id));

    act(carolNow, id, "approve").statusCode(403).body("detail", containsString(GROUP));
    as(alice).get("/api/v1/access-requests/" + id).then().body("state", equalTo("PENDING"));
    // Without any role she may not even see it any more.
    act(new User(carolId, "carol", List.of(), List.of()), id, "approve").statusCode(404);
    // With the membership back, she may decide.
    act(carolInGroup, id, "approve").statusCode(200).body("state", equalTo("APPROVED"));
  }

  @Test
  void groupApprover_withoutAnyRole_seesAndDecides() {
    String id = submit(alice, request(SUB + "/resourceGroups/group-rg", "Contributor", "PT1H")).statusCode(201)
        .extract().path("id");
    User gina = new User(UUID.randomUUID().toString(), "gina", List.of(), List.of(GROUP));
    as(gina).get("/api/v1/access-requests/" + id).then().statusCode(200);
    act(gina, id, "deny").statusCode(200).body("state", equalTo("DENIED"));
    as(gina).get("/api/v1/access-requests/" + id).then().statusCode(200);
  }

  @Test
  void policyChangeMidFlight_doesNotChangeAnAlreadyRoutedRequest() throws Exception {
    String original = as(admin).get("/api/v1/policy").then().statusCode(200).extract().path("document");
    int before = as(admin).get("/api/v1/policy").then().extract().path("version");
    String routed = submit(alice, request(SUB + "/resourceGroups/quorum-rg", "Contributor", "PT1H")).statusCode(201)
        .body("requiredApprovals", equalTo(2)).extract().path("id");
    String changed = original.replace("        quorum: 2\n", "        quorum: 1\n");
    try {
      putPolicy(admin, changed).statusCode(200)
          .body("version", equalTo(before + 1)).body("source", equalTo("api"));
      // The new version routes new requests...
      submit(alice, request(SUB + "/resourceGroups/quorum-rg", "Contributor", "PT1H")).statusCode(201)
          .body("requiredApprovals", equalTo(1)).body("policyVersion", equalTo(before + 1));
      // ...but the request routed before still needs two approvals.
      act(q1, routed, "approve").statusCode(200).body("state", equalTo("PENDING")).body("policyVersion", equalTo(before));
      act(q2, routed, "approve").statusCode(200).body("state", equalTo("APPROVED"));
      as(Tokens.newUser("aud", "auditor")).queryParam("type", "policy.changed").queryParam("limit", 1000)
          .get("/api/v1/audit-events").then().statusCode(200)
          .body("items.details.version", hasItem(before + 1));
    } finally {
      putPolicy(admin, original).statusCode(200);
    }
  }

  @Test
  void putPolicy_withTheActiveDocument_changesNothing() {
    JsonPath active = as(admin).get("/api/v1/policy").then().extract().jsonPath();
    putPolicy(admin, active.getString("document"))
        .statusCode(200).body("version", equalTo(active.getInt("version")));
  }

  @Test
  void putPolicy_invalid_is400NamingEachLine_andChangesNothing() {
    int version = as(admin).get("/api/v1/policy").then().extract().path("version");
    String broken = "rules:\n  - name: x\n    match:\n      scopes: [/subscriptions/*/**]\n    outcome:\n      approval:\n        quourm: 2\n";
    putPolicy(admin, broken).statusCode(400)
        .contentType("application/problem+json")
        .body("errors.field", hasItem("line 7"));
    as(admin).get("/api/v1/policy").then().body("version", equalTo(version));
  }

  @Test
  void policy_isForAdmins() {
    as(alice).get("/api/v1/policy").then().statusCode(403);
    putPolicy(Tokens.newUser("ap", "approver"), "rules: []").statusCode(403);
    as(Tokens.newUser("aud", "auditor")).get("/api/v1/policy").then().statusCode(200);
  }

  @Test
  void dryRun_answersWhatSubmitThenDoes() {
    List<Map<String, Object>> cases = List.of(
        request(SUB + "/resourceGroups/auto-api", "Reader", "PT30M"),
        request(SUB + "/resourceGroups/auto-api", "Reader", "PT4H"),
        request(SUB + "/resourceGroups/quorum-rg", "Contributor", "PT1H"),
        request(SUB + "/resourceGroups/any", "Owner", "PT1H"),
        request("/subscriptions/33333333-0000-4000-8000-000000000000", "Reader", "PT1H"));
    Map<String, String> stateOf = Map.of("auto", "APPROVED", "approval", "PENDING", "deny", "DENIED");
    for (Map<String, Object> body : cases) {
      JsonPath dry = as(alice).contentType(ContentType.JSON).body(body).post("/api/v1/policy/evaluate")
          .then().statusCode(200).extract().jsonPath();
      JsonPath real = submit(alice, body).statusCode(201).extract().jsonPath();
      assertEquals(stateOf.get(dry.getString("outcome")), real.getString("state"), body.toString());
      assertEquals(dry.getString("rule"), real.getString("policyRule"));
      assertEquals(dry.getInt("policyVersion"), real.getInt("policyVersion"));
      if ("approval".equals(dry.getString("outcome"))) {
        assertEquals(dry.getInt("approval.quorum"), real.getInt("requiredApprovals"));
      }
    }
    Map<String, Object> ticketless = request(SUB + "/resourceGroups/ticketed-rg", "Reader", "PT1H");
    ticketless.remove("ticket");
    as(alice).contentType(ContentType.JSON).body(ticketless).post("/api/v1/policy/evaluate").then().statusCode(200)
        .body("outcome", equalTo("constraints-not-met")).body("violations.field", hasItem("ticket"))
        .body("maxDuration", nullValue());
    submit(alice, ticketless).statusCode(400).body("errors.field", hasItem("ticket"));
  }

  @Test
  void dryRun_describesTheApproversAndTheEffectiveMaximum() {
    as(alice).contentType(ContentType.JSON).body(request(SUB + "/resourceGroups/quorum-rg", "Contributor", "PT1H"))
        .post("/api/v1/policy/evaluate").then().statusCode(200)
        .body("outcome", equalTo("approval"))
        .body("approval.quorum", equalTo(2))
        .body("approval.denyEndsIt", equalTo(false))
        .body("approval.approvers.users", hasSize(3))
        .body("approval.decisions", org.hamcrest.Matchers.contains("api"));
    as(alice).contentType(ContentType.JSON).body(request(SUB + "/resourceGroups/auto-api", "Reader", "PT1H"))
        .post("/api/v1/policy/evaluate").then().body("outcome", equalTo("auto")).body("maxDuration", equalTo("PT2H"));
  }

  @Test
  void dryRun_onBehalfOfSomeoneElse_isForAdmins() {
    Map<String, Object> body = request(SUB + "/resourceGroups/quorum-rg", "Contributor", "PT1H");
    body.put("requester", Map.of("id", q1.oid(), "groups", List.of()));
    as(alice).contentType(ContentType.JSON).body(body).post("/api/v1/policy/evaluate").then().statusCode(403);
    as(admin).contentType(ContentType.JSON).body(body).post("/api/v1/policy/evaluate").then().statusCode(200)
        .body("outcome", equalTo("approval"));
  }

  @Test
  void eligibility_listsWhatTheCallerMayRequest() {
    as(alice).get("/api/v1/eligibility").then().statusCode(200)
        .body("policyVersion", greaterThan(0))
        .body("rules.rule", hasItems("auto-readers", "two-of-three", "catch-all"))
        .body("rules.rule", not(hasItem("owner-never")))
        .body("rules.find { it.rule == 'auto-readers' }.outcome", equalTo("auto"))
        .body("rules.find { it.rule == 'two-of-three' }.approval.quorum", equalTo(2));
  }

  @Test
  void memberOfTheReceivingGroup_cannotApproveTheGrantToTheirGroup() {
    Map<String, Object> body = request(SUB + "/resourceGroups/group-rg", "Contributor", "PT1H");
    body.put("principalId", GROUP);
    String id = submit(alice, body).statusCode(201).extract().path("id");
    User gary = new User(UUID.randomUUID().toString(), "gary", List.of(), List.of(GROUP));
    act(gary, id, "approve").statusCode(403).body("detail", containsString("group you are in"));
    as(alice).get("/api/v1/access-requests/" + id).then().body("state", equalTo("PENDING"));
  }

  @Test
  void autoRule_stepsAside_whenTheAccessIsForSomeoneElse() {
    Map<String, Object> body = request(SUB + "/resourceGroups/auto-web", "Reader", "PT1H");
    body.put("principalId", q1.oid());
    submit(alice, body).statusCode(201).body("state", equalTo("PENDING")).body("policyRule", equalTo("catch-all"));
  }

  @Test
  void decision_afterTheDeadline_is409() throws Exception {
    String id = submit(alice, request(SUB + "/resourceGroups/quorum-rg", "Contributor", "PT1H")).statusCode(201)
        .extract().path("id");
    try (var c = dataSource.getConnection();
        var s = c.prepareStatement("UPDATE access_request SET decision_deadline = now() - interval '1 second' WHERE id = ?::uuid")) {
      s.setString(1, id);
      s.executeUpdate();
    }
    // The timeout job may get there first (it runs every second in tests): 409 either way.
    act(q1, id, "approve").statusCode(409)
        .body("detail", org.hamcrest.Matchers.anyOf(containsString("deadline"), containsString("TIMED_OUT")));
  }

  @Test
  void dryRun_requesterGiven_withNullGroup_is400ForAdmins() {
    Map<String, Object> body = request(SUB + "/resourceGroups/quorum-rg", "Contributor", "PT1H");
    java.util.List<String> groups = new java.util.ArrayList<>();
    groups.add(null);
    body.put("requester", new java.util.HashMap<>(Map.of("id", alice.oid())));
    ((Map<String, Object>) body.get("requester")).put("groups", groups);
    as(admin).contentType(ContentType.JSON).body(body).post("/api/v1/policy/evaluate").then().statusCode(400);
    as(alice).contentType(ContentType.JSON).body(body).post("/api/v1/policy/evaluate").then().statusCode(403);
  }

  @Test
  void awaiting_cannotBeCombinedWithOtherFilters() {
    as(q1).queryParam("awaiting", "me").queryParam("state", "PENDING").get("/api/v1/access-requests").then()
        .statusCode(400).body("errors[0].field", equalTo("awaiting"));
    as(q1).queryParam("awaiting", "you").get("/api/v1/access-requests").then().statusCode(400);
  }
}

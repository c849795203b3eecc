package dev.jitbroker.api;

import static dev.jitbroker.testsupport.Contract.as;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jitbroker.testsupport.Tokens;
import dev.jitbroker.testsupport.Tokens.User;
import io.restassured.http.ContentType;
import java.util.List;
import java.util.Map;

/** The approvers, integration and rules the hook tests use (see the test profile and test-policy.yaml). */
final class HookFixtures {

  static final String SUB = "/subscriptions/22222222-0000-4000-8000-000000000000";
  /** Rule decided-anywhere: API, chat and webhook. */
  static final String ANYWHERE = SUB + "/resourceGroups/hooks-rg";
  /** Rule decided-signed-in: the API alone. */
  static final String SIGNED_IN_ONLY = SUB + "/resourceGroups/hooks-api-rg";

  /** Named by both rules as a user. */
  static final String HANA = "5a1e0000-0000-4000-8000-0000000000b1";
  /** In group hook-approvers, which both rules name. */
  static final String IVAN = "5a1e0000-0000-4000-8000-0000000000b2";
  /** Configured, but neither rule names him. */
  static final String JACK = "5a1e0000-0000-4000-8000-0000000000b3";

  static final String INTEGRATION = "pager";
  static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
  static final String ROTATED_SECRET = "whsec_AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";
  static final String SLACK_SECRET = "8f742231b10e8888abcd99yyyzzz85a5";

  static final User AUDITOR = Tokens.newUser("aud", "auditor");
  static final ObjectMapper JSON = new ObjectMapper();

  private HookFixtures() {}

  /** A pending request for Contributor on {@code scope}, by {@code requester}. */
  static String submit(User requester, String scope) {
    Map<String, Object> body = Requests.valid();
    body.put("scope", scope);
    body.put("role", "Contributor");
    return as(requester).contentType(ContentType.JSON).body(body).post("/api/v1/access-requests")
        .then().statusCode(201).extract().path("id");
  }

  static String state(String id) {
    return as(AUDITOR).get("/api/v1/access-requests/" + id).then().statusCode(200).extract().path("state");
  }

  /** The request's audit events, oldest first. */
  static List<Map<String, Object>> events(String id) {
    return as(AUDITOR).get("/api/v1/access-requests/" + id + "/audit").then().statusCode(200).extract().path("$");
  }

  /** The hook.refused events with {@code key} = {@code value} in their details. */
  static List<JsonNode> refusals(String key, String value) throws Exception {
    String page = as(AUDITOR).queryParam("type", "hook.refused").queryParam("limit", 1000)
        .get("/api/v1/audit-events").then().statusCode(200).extract().asString();
    List<JsonNode> found = new java.util.ArrayList<>();
    for (JsonNode e : JSON.readTree(page).path("items")) {
      if (value.equals(e.path("details").path(key).asText(null))) {
        found.add(e);
      }
    }
    return found;
  }
}

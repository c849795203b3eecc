package dev.jitbroker.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The sandbox over real HTTPS, as the Azure SDK reaches it: scope paths with a double slash, bearer, api-version. */
@QuarkusTest
@TestProfile(SandboxProfile.class)
class ArmSandboxTest {

  private static final String V = "api-version=2022-04-01";
  private static final String AUTHZ = "/providers/Microsoft.Authorization";
  private static final String READER_ID = "acdd72a7-3385-48ef-bd42-f606fba81ae7";
  private static final ObjectMapper JSON = new ObjectMapper();

  @Inject
  ArmSandbox sandbox;

  @TestHTTPResource("/")
  URL api;

  private SandboxClient client;
  private String sub;
  private String rg;

  @BeforeEach
  void freshSandbox() {
    sandbox.reset();
    client = new SandboxClient(sandbox.baseUrl(), sandbox.certificatePem());
    sub = "/subscriptions/" + UUID.randomUUID();
    rg = sub + "/resourceGroups/rg-" + UUID.randomUUID().toString().substring(0, 8);
  }

  @Test
  void sandbox_servesHttpsOnItsOwnPort_withACertificateNoDefaultTrustStoreAccepts() {
    assertTrue(sandbox.running());
    URI base = URI.create(sandbox.baseUrl());
    assertEquals("https", base.getScheme());
    assertEquals("localhost", base.getHost());
    assertNotEquals(api.getPort(), base.getPort());
    HttpRequest request = HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + sub + AUTHZ + "/roleDefinitions?" + V))
        .header("Authorization", SandboxClient.BEARER).build();
    assertThrows(SSLHandshakeException.class,
        () -> HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString()));
  }

  @Test
  void call_withoutBearer_is401AuthenticationFailed_withRequestIds() throws Exception {
    HttpResponse<String> response = client.send("GET", sub + AUTHZ + "/roleDefinitions?" + V, null);
    assertEquals(401, response.statusCode());
    assertEquals("AuthenticationFailed", error(response));
    assertTrue(response.headers().firstValue("x-ms-request-id").isPresent());
    assertTrue(response.headers().firstValue("x-ms-correlation-request-id").isPresent());
    assertEquals("application/json; charset=utf-8", response.headers().firstValue("Content-Type").orElseThrow());
    assertEquals(401, client.send("GET", sub + AUTHZ + "/roleDefinitions?" + V, null,
        "Authorization", "Bearer   ").statusCode());
  }

  @Test
  void call_withoutOrWithUnknownApiVersion_is400() throws Exception {
    HttpResponse<String> missing = client.arm("GET", sub + AUTHZ + "/roleDefinitions", null);
    assertEquals(400, missing.statusCode());
    assertEquals("MissingApiVersionParameter", error(missing));
    HttpResponse<String> unknown = client.arm("GET", sub + AUTHZ + "/roleDefinitions?api-version=2015-07-01", null);
    assertEquals(400, unknown.statusCode());
    assertEquals("InvalidApiVersionParameter", error(unknown));
  }

  @Test
  void correlationId_isEchoed_requestIdIsFresh() throws Exception {
    String correlation = UUID.randomUUID().toString();
    HttpResponse<String> response = client.send("GET", sub + AUTHZ + "/roleDefinitions?" + V, null,
        "Authorization", SandboxClient.BEARER, "x-ms-correlation-request-id", correlation);
    assertEquals(correlation, response.headers().firstValue("x-ms-correlation-request-id").orElseThrow());
    assertNotEquals(correlation, response.headers().firstValue("x-ms-request-id").orElseThrow());
  }

  @Test
  void roleDefinitions_byName_withPlainOrEncodedFilter_findReaderAtTheScopeAsked() throws Exception {
    for (String query : new String[] {"$filter=roleName%20eq%20'Reader'&" + V, "%24filter=roleName+eq+%27reader%27&" + V}) {
      HttpResponse<String> response = client.arm("GET", "/" + sub + AUTHZ + "/roleDefinitions?" + query, null);
      assertEquals(200, response.statusCode(), query);
      JsonNode value = json(response).get("value");
      assertEquals(1, value.size(), query);
      JsonNode reader = value.get(0);
      assertEquals(sub + AUTHZ + "/roleDefinitions/" + READER_ID, reader.get("id").asText());
      assertEquals(READER_ID, reader.get("name").asText());
      assertEquals("Microsoft.Authorization/roleDefinitions", reader.get("type").asText());
      assertEquals("Reader", reader.at("/properties/roleName").asText());
      assertEquals("BuiltInRole", reader.at("/properties/type").asText());
      assertEquals("/", reader.at("/properties/assignableScopes/0").asText());
      assertEquals("*/read", reader.at("/properties/permissions/0/actions/0").asText());
    }
    assertEquals(6, json(client.arm("GET", sub + AUTHZ + "/roleDefinitions?" + V, null)).get("value").size());
  }

  @Test
  void roleDefinition_byId_atAScopeAndAtTheRoot_unknownIs404() throws Exception {
    HttpResponse<String> atScope = client.arm("GET", "/" + rg + AUTHZ + "/roleDefinitions/" + READER_ID + "?" + V, null);
    assertEquals(200, atScope.statusCode());
    assertEquals(rg + AUTHZ + "/roleDefinitions/" + READER_ID, json(atScope).get("id").asText());
    HttpResponse<String> atRoot = client.arm("GET", AUTHZ + "/roleDefinitions/" + READER_ID + "?" + V, null);
    assertEquals(AUTHZ + "/roleDefinitions/" + READER_ID, json(atRoot).get("id").asText());
    HttpResponse<String> unknown = client.arm("GET", AUTHZ + "/roleDefinitions/" + UUID.randomUUID() + "?" + V, null);
    assertEquals(404, unknown.statusCode());
    assertEquals("RoleDefinitionDoesNotExist", error(unknown));
  }

  @Test
  void assignment_putGetDelete_withTheSdksDoubleSlashPath() throws Exception {
    String name = UUID.randomUUID().toString();
    String principal = UUID.randomUUID().toString();
    String path = "/" + rg + AUTHZ + "/roleAssignments/" + name + "?" + V;

    HttpResponse<String> created = client.arm("PUT", path, assignment(principal, sub, "jit-broker request 42"));
    assertEquals(201, created.statusCode(), created.body());
    JsonNode body = json(created);
    assertEquals(rg + AUTHZ + "/roleAssignments/" + name, body.get("id").asText());
    assertEquals(name, body.get("name").asText());
    assertEquals("Microsoft.Authorization/roleAssignments", body.get("type").asText());
    assertEquals(rg, body.at("/properties/scope").asText());
    assertEquals(principal, body.at("/properties/principalId").asText());
    assertEquals("ServicePrincipal", body.at("/properties/principalType").asText());
    assertEquals(sub + AUTHZ + "/roleDefinitions/" + READER_ID, body.at("/properties/roleDefinitionId").asText());
    assertEquals("jit-broker request 42", body.at("/properties/description").asText());
    assertFalse(body.at("/properties/createdOn").asText().isEmpty());
    assertTrue(created.headers().firstValue("x-ms-ratelimit-remaining-subscription-writes").isPresent());

    HttpResponse<String> byId = client.arm("GET", rg + AUTHZ + "/ROLEASSIGNMENTS/" + name + "?" + V, null);
    assertEquals(200, byId.statusCode());
    assertEquals(body.get("id"), json(byId).get("id"));
    assertEquals(1, sandbox.roleAssignments().size());

    HttpResponse<String> deleted = client.arm("DELETE", path, null);
    assertEquals(200, deleted.statusCode());
    assertEquals(name, json(deleted).get("name").asText());
    assertEquals(204, client.arm("DELETE", path, null).statusCode());
    HttpResponse<String> gone = client.arm("GET", path, null);
    assertEquals(404, gone.statusCode());
    assertEquals("RoleAssignmentNotFound", error(gone));
    assertTrue(sandbox.roleAssignments().isEmpty());
  }

  @Test
  void put_sameNameTwice_is201Both_andLeavesOneAssignment() throws Exception {
    String path = "/" + sub + AUTHZ + "/roleAssignments/" + UUID.randomUUID() + "?" + V;
    String body = assignment(UUID.randomUUID().toString(), sub, null);
    HttpResponse<String> first = client.arm("PUT", path, body);
    HttpResponse<String> second = client.arm("PUT", path, body);
    assertEquals(201, first.statusCode());
    assertEquals(201, second.statusCode());
    assertEquals(json(first).at("/properties/createdOn"), json(second).at("/properties/createdOn"));
    assertEquals(1, sandbox.roleAssignments().size());
  }

  @Test
  void put_sameGrantUnderAnotherName_is409RoleAssignmentExists_namingTheExistingOne() throws Exception {
    String principal = UUID.randomUUID().toString();
    String existing = UUID.randomUUID().toString();
    assertEquals(201, client.arm("PUT", "/" + rg + AUTHZ + "/roleAssignments/" + existing + "?" + V,
        assignment(principal, sub, null)).statusCode());
    HttpResponse<String> conflict = client.arm("PUT", "/" + rg + AUTHZ + "/roleAssignments/" + UUID.randomUUID() + "?" + V,
        assignment(principal, "", null));
    assertEquals(409, conflict.statusCode());
    assertEquals("RoleAssignmentExists", error(conflict));
    assertTrue(json(conflict).at("/error/message").asText().contains(existing));
    assertEquals(1, sandbox.roleAssignments().size());
  }

  @Test
  void list_withPrincipalIdFilter_returnsThatPrincipalsAssignmentsAtAboveAndBelow() throws Exception {
    String alice = UUID.randomUUID().toString();
    String bob = UUID.randomUUID().toString();
    client.arm("PUT", "/" + sub + AUTHZ + "/roleAssignments/" + UUID.randomUUID() + "?" + V, assignment(alice, sub, null));
    client.arm("PUT", "/" + rg + AUTHZ + "/roleAssignments/" + UUID.randomUUID() + "?" + V, assignment(alice, sub, null));
    client.arm("PUT", "/" + rg + AUTHZ + "/roleAssignments/" + UUID.randomUUID() + "?" + V, assignment(bob, sub, null));

    HttpResponse<String> response = client.arm("GET",
        "/" + rg + AUTHZ + "/roleAssignments?$filter=principalId%20eq%20'" + alice + "'&" + V, null);
    assertEquals(200, response.statusCode());
    JsonNode list = json(response);
    assertEquals(2, list.get("value").size());
    assertFalse(list.has("nextLink"));
    list.get("value").forEach(a -> assertEquals(alice, a.at("/properties/principalId").asText()));
    JsonNode atScope = json(client.arm("GET", "/" + sub + AUTHZ + "/roleAssignments?$filter=atScope()%20and%20assignedTo('"
        + alice + "')&" + V, null));
    assertEquals(1, atScope.get("value").size());
    assertEquals(3, json(client.arm("GET", sub + AUTHZ + "/roleAssignments?" + V, null)).get("value").size());
  }

  @Test
  void writes_beyondTheBurst_are429SubscriptionRequestsThrottled_withRetryAfter_readsAreNot() throws Exception {
    HttpResponse<String> throttled = null;
    int granted = 0;
    for (int i = 0; i < 20 && throttled == null; i++) {
      HttpResponse<String> r = client.arm("DELETE", sub + AUTHZ + "/roleAssignments/" + UUID.randomUUID() + "?" + V, null);
      assertTrue(r.headers().firstValue("x-ms-ratelimit-remaining-subscription-writes").isPresent());
      if (r.statusCode() == 429) {
        throttled = r;
      } else {
        assertEquals(204, r.statusCode());
        granted++;
      }
    }
    assertTrue(throttled != null, "no 429 after 20 writes against a burst of 5");
    assertTrue(granted >= 5 && granted < 10, "granted " + granted);
    assertEquals("SubscriptionRequestsThrottled", error(throttled));
    assertTrue(Long.parseLong(throttled.headers().firstValue("Retry-After").orElseThrow()) >= 1);
    assertEquals("0", throttled.headers().firstValue("x-ms-ratelimit-remaining-subscription-writes").orElseThrow());
    assertEquals(200, client.arm("GET", sub + AUTHZ + "/roleAssignments?" + V, null).statusCode());
    String other = "/subscriptions/" + UUID.randomUUID();
    assertEquals(204, client.arm("DELETE", other + AUTHZ + "/roleAssignments/" + UUID.randomUUID() + "?" + V, null)
        .statusCode(), "each subscription has its own budget");
    assertEquals(1, sandbox.calls("DELETE", 429));
  }

  @Test
  void failNext_two503s_thenCallsSucceedAgain() throws Exception {
    sandbox.failNext(2, 503);
    String path = sub + AUTHZ + "/roleDefinitions?" + V;
    for (int i = 0; i < 2; i++) {
      HttpResponse<String> failed = client.arm("GET", path, null);
      assertEquals(503, failed.statusCode());
      assertEquals("ServiceUnavailable", error(failed));
    }
    assertEquals(200, client.arm("GET", path, null).statusCode());
    assertEquals(2, sandbox.calls("GET", 503));
    assertEquals(1, sandbox.calls("GET", 200));
  }

  @Test
  void timeoutNext_leavesTheCallUnanswered_thenCallsSucceedAgain() throws Exception {
    String path = sub + AUTHZ + "/roleDefinitions?" + V;
    // Connected and warm first, so the call that times out is surely the one that reached the sandbox.
    assertEquals(200, client.arm("GET", path, null).statusCode());
    sandbox.timeoutNext(1);
    assertThrows(java.net.http.HttpTimeoutException.class,
        () -> client.send(Duration.ofSeconds(2), "GET", path, null, "Authorization", SandboxClient.BEARER));
    // A fresh connection: the unanswered one stays busy until the sandbox drops it.
    SandboxClient fresh = new SandboxClient(sandbox.baseUrl(), sandbox.certificatePem());
    assertEquals(200, fresh.arm("GET", path, null).statusCode());
    assertEquals(1, sandbox.calls("GET", 0), "the unanswered call is counted with status 0");
  }

  @Test
  void failNext_403And429_answerAsArmDoes() throws Exception {
    String path = sub + AUTHZ + "/roleDefinitions?" + V;
    sandbox.failNext(1, 403);
    HttpResponse<String> refused = client.arm("GET", path, null);
    assertEquals(403, refused.statusCode());
    assertEquals("AuthorizationFailed", error(refused));
    sandbox.failNext(1, 429);
    HttpResponse<String> throttled = client.arm("GET", path, null);
    assertEquals(429, throttled.statusCode());
    assertEquals("1", throttled.headers().firstValue("Retry-After").orElseThrow());
  }

  @Test
  void controls_overHttps_injectFaultsAndLatency_listAndReset() throws Exception {
    String name = UUID.randomUUID().toString();
    client.arm("PUT", "/" + rg + AUTHZ + "/roleAssignments/" + name + "?" + V,
        assignment(UUID.randomUUID().toString(), sub, null));
    assertEquals(1, json(client.send("GET", "/sandbox/role-assignments", null)).get("value").size());
    JsonNode writes = json(client.send("GET", "/sandbox/writes", null)).get("writes");
    assertEquals(1, writes.size(), writes.toString());
    assertEquals("PUT", writes.get(0).get("method").asText());
    assertTrue(writes.get(0).get("path").asText().endsWith("/roleAssignments/" + name), writes.toString());
    assertEquals(1, writes.get(0).get("count").asLong());
    assertEquals(204, client.send("POST", "/sandbox/fail-next", "{\"count\":1,\"status\":500}").statusCode());
    assertEquals(400, client.send("POST", "/sandbox/fail-next", "{\"count\":1,\"status\":404}").statusCode());
    HttpResponse<String> failed = client.arm("GET", sub + AUTHZ + "/roleDefinitions?" + V, null);
    assertEquals(500, failed.statusCode());
    assertEquals("InternalServerError", error(failed));
    JsonNode calls = json(client.send("GET", "/sandbox/calls", null)).get("calls");
    assertTrue(calls.toString().contains("{\"method\":\"GET\",\"status\":500,\"count\":1}"), calls.toString());

    assertEquals(204, client.send("POST", "/sandbox/latency", "{\"latency\":\"PT0.3S\"}").statusCode());
    long start = System.nanoTime();
    assertEquals(200, client.arm("GET", sub + AUTHZ + "/roleDefinitions?" + V, null).statusCode());
    assertTrue(Duration.ofNanos(System.nanoTime() - start).toMillis() >= 300);

    assertEquals(204, client.send("POST", "/sandbox/reset", null).statusCode());
    assertTrue(sandbox.roleAssignments().isEmpty());
    assertTrue(sandbox.calls().isEmpty());
  }

  @Test
  void faultRates_overHttps_failAndThrottleCallsAsArmDoes_countWhatTheyInjected_andRefuseNonsense() throws Exception {
    String path = sub + AUTHZ + "/roleDefinitions?" + V;
    assertEquals(400, client.send("POST", "/sandbox/fault-rates", "{\"errorRate\": 2}").statusCode());
    assertEquals(400, client.send("POST", "/sandbox/fault-rates", "{\"errorStatuses\": [418]}").statusCode());
    assertEquals(400, client.send("POST", "/sandbox/fault-rates", "{\"seed\": \"x\"}").statusCode());
    assertEquals(400, client.send("POST", "/sandbox/fault-rates", "[]").statusCode());

    assertEquals(204, client.send("POST", "/sandbox/fault-rates",
        "{\"seed\": 1, \"errorRate\": 1, \"errorStatuses\": [503]}").statusCode());
    HttpResponse<String> failed = client.arm("GET", path, null);
    assertEquals(503, failed.statusCode());
    assertEquals("ServiceUnavailable", error(failed));

    assertEquals(204, client.send("POST", "/sandbox/fault-rates",
        "{\"seed\": 1, \"throttleRate\": 1, \"throttleBurst\": 3, \"retryAfter\": \"PT2S\"}").statusCode());
    HttpResponse<String> throttled = client.arm("GET", path, null);
    assertEquals(429, throttled.statusCode());
    assertEquals("2", throttled.headers().firstValue("Retry-After").orElseThrow());
    JsonNode state = json(client.send("GET", "/sandbox/fault-rates", null));
    assertEquals(1.0, state.get("rates").get("throttleRate").asDouble());
    assertEquals(1, state.get("injected").get("429").asLong(), state.toString());

    assertEquals(204, client.send("POST", "/sandbox/fault-rates", "{}").statusCode());
    assertEquals(200, client.arm("GET", path, null).statusCode());
    assertEquals(0, json(client.send("GET", "/sandbox/fault-rates", null)).get("injected").size());
  }

  private static String assignment(String principal, String roleScope, String description) {
    String desc = description == null ? "" : ",\"description\":\"" + description + "\"";
    return "{\"properties\":{\"roleDefinitionId\":\"" + roleScope + AUTHZ + "/roleDefinitions/" + READER_ID
        + "\",\"principalId\":\"" + principal + "\",\"principalType\":\"ServicePrincipal\"" + desc + "}}";
  }

  private static JsonNode json(HttpResponse<String> response) throws Exception {
    return JSON.readTree(response.body());
  }

  @Test
  void jitPolicies_overHttps_controlsCreateListAndCloseByTheClock() throws Exception {
    String vm = rg + "/providers/Microsoft.Compute/virtualMachines/vm1";
    String policy = rg + "/providers/Microsoft.Security/locations/westeurope/jitNetworkAccessPolicies/default";
    assertEquals(200, client.send("POST", "/sandbox/jit-policies", "{\"virtualMachines\":[\"" + vm
        + "\"],\"ports\":[22],\"maxRequestAccessDuration\":\"PT2H\"}").statusCode());
    assertEquals("InvalidApiVersionParameter", error(client.arm("GET", policy + "?" + V, null)));
    assertEquals(policy, json(client.arm("GET", policy + "?api-version=2020-01-01", null)).get("id").asText());
    String end = java.time.Instant.now().plus(Duration.ofHours(1)).toString();
    HttpResponse<String> initiated = client.arm("POST", policy + "/initiate?api-version=2020-01-01",
        "{\"virtualMachines\":[{\"id\":\"" + vm + "\",\"ports\":[{\"number\":22,\"endTimeUtc\":\"" + end + "\"}]}]}");
    assertEquals(202, initiated.statusCode(), initiated.body());
    assertEquals(1, json(client.send("GET", "/sandbox/jit-open-ports", null)).get("value").size());
    assertEquals(200, client.send("POST", "/sandbox/jit-clock", "{\"ahead\":\"PT1H1M\"}").statusCode());
    assertEquals(0, json(client.send("GET", "/sandbox/jit-open-ports", null)).get("value").size());
    assertEquals(400, client.send("POST", "/sandbox/jit-clock", "{\"ahead\":\"-PT1H\"}").statusCode());
    assertEquals(400, client.send("POST", "/sandbox/jit-policies", "{\"virtualMachines\":[]}").statusCode());
  }

  private static String error(HttpResponse<String> response) throws Exception {
    return json(response).at("/error/code").asText();
  }
}

package dev.jitbroker.api;

import static dev.jitbroker.testsupport.Contract.as;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpMethod;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import com.azure.core.util.Context;
import dev.jitbroker.grant.GrantProvider;
import dev.jitbroker.grant.azure.AzureClients;
import dev.jitbroker.grant.azure.ManagedAppJitGrantProvider;
import dev.jitbroker.sandbox.ArmSandbox;
import dev.jitbroker.sandbox.ManagedApps;
import dev.jitbroker.sandbox.ManagedApps.AppSpec;
import dev.jitbroker.testsupport.Tokens;
import dev.jitbroker.testsupport.Tokens.User;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** managed-app-jit through the real Azure SDK pipeline, over HTTPS, against the sandbox's Microsoft.Solutions. */
@QuarkusTest
class ManagedAppJitApiTest {

  private static final String CONTRIBUTOR = "b24988ac-6180-42a0-ab88-20f7382dd24c";

  @Inject ArmSandbox sandbox;
  @Inject AzureClients azure;
  @Inject DataSource dataSource;
  @Inject ManagedAppJitGrantProvider provider;

  private final User alice = Tokens.newUser("alice");
  private final User bob = Tokens.newUser("bob", "approver");

  /** A managed application in a subscription of its own, so no other test's writes or faults meet it. */
  private static String appId() {
    return "/subscriptions/" + UUID.randomUUID() + "/resourceGroups/customer-rg/providers/Microsoft.Solutions/applications/app-"
        + UUID.randomUUID().toString().substring(0, 8);
  }

  private String deploy(AppSpec spec) {
    sandbox.managedApps().createApplication(spec);
    return spec.id();
  }

  private static Map<String, Object> body(String scope, String duration) {
    Map<String, Object> body = Requests.valid();
    body.put("scope", scope);
    body.put("role", "Contributor");
    body.put("duration", duration);
    body.put("grantType", "managed-app-jit");
    return body;
  }

  private String submit(String scope) {
    return as(alice).contentType(ContentType.JSON).body(body(scope, "PT1H")).post("/api/v1/access-requests")
        .then().statusCode(201).extract().path("id");
  }

  private void approve(String id) {
    as(bob).contentType(ContentType.JSON).post("/api/v1/access-requests/" + id + "/approve").then().statusCode(200);
  }

  // The polling and sandbox look-ups every grant test shares.
  private GrantFlows flows() {
    return new GrantFlows(alice, bob, sandbox, dataSource);
  }

  private JsonPath await(String id, Predicate<JsonPath> done) throws InterruptedException {
    return flows().await(id, done);
  }

  private JsonPath awaitState(String id, String state) throws InterruptedException {
    return flows().awaitState(id, state);
  }

  private JsonPath awaitError(String id, String part) throws InterruptedException {
    JsonPath r = await(id, p -> p.getString("lastError") != null && p.getString("lastError").contains(part));
    assertTrue(r.getString("lastError") != null && r.getString("lastError").contains(part), () -> r.prettify());
    return r;
  }

  private List<ManagedApps.JitRequest> jitRequestsOf(String app) {
    return sandbox.managedApps().jitRequests().stream().filter(r -> r.applicationId().equalsIgnoreCase(app)).toList();
  }

  private List<Map<String, Object>> azureCalls(String id) {
    return as(alice).get("/api/v1/access-requests/" + id + "/audit").then().statusCode(200).extract().jsonPath()
        .getList("findAll { it.type == 'azure.call' }.details");
  }

  private void endNow(String id) throws Exception {
    flows().endNow(id);
  }

  @Test
  void approvedJitRequest_isActive_thenExpired_andDeletedInAzure() throws Exception {
    String app = deploy(AppSpec.of(appId()));
    String id = submit(app);
    approve(id);
    JsonPath active = awaitState(id, "ACTIVE");
    String jitRequest = app.replaceFirst("/providers/Microsoft.Solutions/applications/.*$", "") + "/providers/Microsoft.Solutions/jitRequests/" + id;
    assertEquals(jitRequest, active.getString("grantRef"));
    List<ManagedApps.JitRequest> held = jitRequestsOf(app);
    assertEquals(1, held.size());
    ManagedApps.JitRequest r = held.get(0);
    assertEquals(alice.oid(), r.principalId());
    assertEquals(CONTRIBUTOR, r.roleDefinitionId());
    assertEquals(Duration.ofHours(1), r.duration());
    assertEquals(id, r.tags().get("jit-broker-request"));
    assertEquals("Approved", r.state(Instant.now()));
    List<Map<String, Object>> calls = azureCalls(id);
    assertTrue(calls.stream().anyMatch(c -> String.valueOf(c.get("path")).contains("/operationStatuses/")),
        "the Azure-AsyncOperation status was followed");
    assertTrue(calls.stream().anyMatch(c -> "GET".equals(c.get("method")) && app.equals(c.get("path"))),
        () -> "the check at submit is in the request's trail: " + calls);
    List<GrantProvider.Owned> owned = provider.owned(app);
    assertEquals(1, owned.size());
    assertEquals(jitRequest, owned.get(0).reference());
    assertEquals(alice.oid(), owned.get(0).principalId());

    endNow(id);
    awaitState(id, "EXPIRED");
    assertEquals(0, jitRequestsOf(app).size());
    as(alice).get("/api/v1/access-requests/" + id + "/audit").then()
        .body("find { it.type == 'azure.call' && it.details.method == 'PUT' }.details.status", equalTo(201))
        .body("findAll { it.type == 'azure.call' }.details.method", hasItem("DELETE"));
  }

  @Test
  void submit_isRefused_whenJitIsOff_orTheDurationExceedsTheMaximum_orTheScopeIsNoApplication() {
    String off = deploy(AppSpec.of(appId()).jitOff());
    as(alice).contentType(ContentType.JSON).body(body(off, "PT1H")).post("/api/v1/access-requests")
        .then().statusCode(400).contentType("application/problem+json")
        .body("errors[0].field", equalTo("scope"))
        .body("errors[0].message", containsString("JIT access turned off"));
    String short_ = deploy(AppSpec.of(appId()).maximum(Duration.ofHours(1)));
    as(alice).contentType(ContentType.JSON).body(body(short_, "PT2H")).post("/api/v1/access-requests")
        .then().statusCode(400)
        .body("errors[0].field", equalTo("duration"))
        .body("errors[0].message", containsString("at most PT1H"));
    as(alice).contentType(ContentType.JSON).body(body(appId(), "PT1H")).post("/api/v1/access-requests")
        .then().statusCode(400)
        .body("errors[0].field", equalTo("scope"))
        .body("errors[0].message", containsString("no managed application"));
    as(alice).contentType(ContentType.JSON).body(body(Requests.RESOURCE_GROUP, "PT1H")).post("/api/v1/access-requests")
        .then().statusCode(400)
        .body("errors[0].field", equalTo("scope"));
    assertTrue(sandbox.managedApps().jitRequests().stream().noneMatch(r -> r.applicationId().equalsIgnoreCase(off)
        || r.applicationId().equalsIgnoreCase(short_)));
  }

  @Test
  void pendingCustomerApproval_waitsWithoutCountingAttempts_thenIsActiveOnceApproved() throws Exception {
    String app = deploy(AppSpec.of(appId()).approvedBy(ManagedApps.Approval.MANUAL));
    String id = submit(app);
    approve(id);
    JsonPath waiting = awaitError(id, "Waiting for the customer to approve");
    assertEquals("APPROVED", waiting.getString("state"));
    Thread.sleep(1000); // several polls of the pending request
    JsonPath still = as(alice).get("/api/v1/access-requests/" + id).then().extract().jsonPath();
    assertEquals("APPROVED", still.getString("state"));
    assertEquals(0, still.getInt("grantAttempts"), "waiting for the customer is not a failed attempt");

    assertTrue(sandbox.managedApps().approve(jitRequestsOf(app).get(0).id()));
    JsonPath active = awaitState(id, "ACTIVE");
    assertEquals(0, active.getInt("grantAttempts"));
    assertEquals(1, jitRequestsOf(app).size());
    List<String> retries = as(alice).get("/api/v1/access-requests/" + id + "/audit").then().extract().jsonPath()
        .getList("findAll { it.type == 'request.grant_retry' }.details.error");
    assertEquals(1, retries.stream().filter(e -> e.contains("Waiting for the customer")).count(),
        "the waiting state is audited when it changes, not at every poll: " + retries);
  }

  @Test
  void denialForWantOfP2_failsWithTheDiagnosis_andItsPatchTurnsJitOff() throws Exception {
    String app = deploy(AppSpec.of(appId()).withoutP2());
    String id = submit(app);
    approve(id);
    JsonPath failed = awaitState(id, "FAILED");
    String diagnosis = failed.getString("lastError");
    String patchUrl = azure.armEndpoint() + app + "?api-version=2021-07-01";
    String patchBody = "{\"properties\":{\"jitAccessPolicy\":{\"jitAccessEnabled\":false}}}";
    assertTrue(diagnosis.contains("Entra ID P2"), diagnosis);
    assertTrue(diagnosis.contains("PATCH " + patchUrl + " with body " + patchBody), diagnosis);
    assertTrue(diagnosis.contains("202") && diagnosis.contains("Azure-AsyncOperation"), diagnosis);
    assertTrue(diagnosis.contains("grantType azure-rbac"), diagnosis);
    assertTrue(!diagnosis.toLowerCase().startsWith("denied"), diagnosis);
    as(alice).get("/api/v1/access-requests/" + id + "/audit").then()
        .body("find { it.type == 'request.failed' }.details.diagnosis", containsString("P2"));

    // The call the diagnosis gives works as it says: 202, an operation to poll, then JIT is off.
    HttpRequest patch = new HttpRequest(HttpMethod.PATCH, patchUrl)
        .setHeader(HttpHeaderName.CONTENT_TYPE, "application/json")
        .setBody(patchBody.getBytes(StandardCharsets.UTF_8));
    String operation;
    try (HttpResponse accepted = azure.pipeline().send(patch, Context.NONE).block()) {
      assertEquals(202, accepted.getStatusCode());
      operation = accepted.getHeaderValue("Azure-AsyncOperation");
    }
    assertTrue(operation != null && operation.startsWith(azure.armEndpoint()), operation);
    awaitOperation(operation);
    as(alice).contentType(ContentType.JSON).body(body(app, "PT1H")).post("/api/v1/access-requests")
        .then().statusCode(400)
        .body("errors[0].message", containsString("JIT access turned off"));
  }

  private void awaitOperation(String url) throws InterruptedException {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
    String status = "";
    while (Instant.now().isBefore(deadline)) {
      try (HttpResponse poll = azure.pipeline().send(new HttpRequest(HttpMethod.GET, url), Context.NONE).block()) {
        Matcher m = Pattern.compile("\"status\"\\s*:\\s*\"(\\w+)\"").matcher(poll.getBodyAsString().block());
        status = m.find() ? m.group(1) : "";
      }
      if ("Succeeded".equals(status)) {
        return;
      }
      Thread.sleep(200);
    }
    assertEquals("Succeeded", status);
  }

  @Test
  void operationAnnouncedByLocation_isFollowedToo() throws Exception {
    String app = deploy(AppSpec.of(appId()));
    sandbox.managedApps().asyncStyle(ManagedApps.AsyncStyle.LOCATION);
    try {
      String id = submit(app);
      approve(id);
      awaitState(id, "ACTIVE");
      List<Map<String, Object>> calls = azureCalls(id);
      assertTrue(calls.stream().anyMatch(c -> String.valueOf(c.get("path")).contains("/operationResults/")), calls::toString);
      assertTrue(calls.stream().noneMatch(c -> String.valueOf(c.get("path")).contains("/operationStatuses/")), calls::toString);
    } finally {
      sandbox.managedApps().asyncStyle(ManagedApps.AsyncStyle.AZURE_ASYNC_OPERATION);
    }
  }

  @Test
  void operationLongerThanOneAttempt_isPickedUpByTheNext_withoutASecondJitRequest() throws Exception {
    String app = deploy(AppSpec.of(appId()).provisionedIn(Duration.ofSeconds(5)));
    String id = submit(app);
    approve(id);
    JsonPath waiting = awaitError(id, "still creating JIT request");
    assertEquals(0, waiting.getInt("grantAttempts"));
    JsonPath active = awaitState(id, "ACTIVE");
    assertEquals(0, active.getInt("grantAttempts"));
    assertEquals(1, jitRequestsOf(app).size());
    assertEquals(1, azureCalls(id).stream().filter(c -> "PUT".equals(c.get("method"))).count());
  }

  @Test
  void serverErrorsAndThrottling_areRetried_untilTheJitRequestIsApproved() throws Exception {
    String app = deploy(AppSpec.of(appId()));
    String id = submit(app);
    sandbox.failNext(3, 503);
    sandbox.managedApps().throttleNext(4);
    approve(id);
    awaitState(id, "ACTIVE");
    List<Object> statuses = azureCalls(id).stream().map(c -> c.get("status")).toList();
    assertTrue(statuses.contains(503), statuses::toString);
    assertTrue(statuses.contains(429), statuses::toString);
    assertEquals(1, jitRequestsOf(app).size());
  }
}

package dev.jitbroker.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Microsoft.Solutions without the transport: applications, JIT requests on the sandbox clock, async operations. */
class ManagedAppsApiTest {

  private static final String SUB = "/subscriptions/a925f2f7-5c63-4b7b-8799-25a5f97bc3b2";
  private static final String RG = SUB + "/resourceGroups/customer-rg";
  private static final String APP = RG + "/providers/Microsoft.Solutions/applications/contoso-app";
  private static final String JIT = RG + "/providers/Microsoft.Solutions/jitRequests/";
  private static final String ENGINEER = "ce2ce14e-85d7-4629-bdbc-454d0519d987";
  private static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");

  private final MutableClock clock = new MutableClock(T0);
  private final Emulator emulator = new Emulator(200, 10, clock);
  private final ManagedApps apps = emulator.managedApps;
  private final ManagedAppsApi api = (ManagedAppsApi) emulator.apis.stream().filter(a -> a instanceof ManagedAppsApi)
      .findFirst().orElseThrow();

  @Test
  void serves_onlyMicrosoftSolutionsPaths_atApiVersion20210701() {
    assertTrue(api.serves(APP));
    assertTrue(api.serves(SUB + "/providers/Microsoft.Solutions/jitRequests"));
    assertTrue(api.serves(APP.toLowerCase()));
    assertFalse(api.serves(RG + "/providers/Microsoft.Authorization/roleAssignments"));
    assertEquals(java.util.Set.of("2021-07-01"), api.apiVersions());
  }

  @Test
  void getApplication_showsItsJitPolicy_andUnknownIs404() {
    apps.createApplication(ManagedApps.AppSpec.of(APP).maximum(Duration.ofHours(2)));
    JsonNode app = call("GET", APP, null).body().orElseThrow();
    assertEquals(APP, app.get("id").asText());
    JsonNode jit = app.at("/properties/jitAccessPolicy");
    assertTrue(jit.get("jitAccessEnabled").asBoolean());
    assertEquals("PT2H", jit.get("maximumJitAccessDuration").asText());
    assertEquals("AutoApprove", jit.get("jitApprovalMode").asText());
    ArmError missing = refused(() -> call("GET", RG + "/providers/Microsoft.Solutions/applications/other", null));
    assertEquals(404, missing.status());
    assertEquals("ResourceNotFound", missing.code());
  }

  @Test
  void putJitRequest_isAsync_thenApproved_thenExpiresOnTheClock() {
    apps.createApplication(ManagedApps.AppSpec.of(APP));
    ArmReply created = call("PUT", JIT + "r1", jitRequest(APP, "PT1H", T0));
    assertEquals(201, created.status());
    assertEquals("1", created.headers().get("Retry-After"));
    String status = created.headers().get("Azure-AsyncOperation");
    assertTrue(status.startsWith(SUB + "/providers/Microsoft.Solutions/locations/westeurope/operationStatuses/"), status);
    assertEquals("Accepted", created.body().orElseThrow().at("/properties/provisioningState").asText());
    assertEquals("Pending", created.body().orElseThrow().at("/properties/jitRequestState").asText());
    assertEquals(ManagedApps.PUBLISHER_TENANT, created.body().orElseThrow().at("/properties/publisherTenantId").asText());

    ArmReply running = call("GET", status, null);
    assertEquals("InProgress", running.body().orElseThrow().get("status").asText());
    assertEquals("1", running.headers().get("Retry-After"));

    clock.advance(Duration.ofMillis(500));
    assertEquals("Succeeded", call("GET", status, null).body().orElseThrow().get("status").asText());
    assertEquals("Approved", state("r1"));
    assertEquals("Succeeded", call("GET", JIT + "r1", null).body().orElseThrow().at("/properties/provisioningState").asText());

    clock.advance(Duration.ofHours(1));
    assertEquals("Expired", state("r1"));
  }

  @Test
  void tenantWithoutP2_deniesEveryRequest_afterItLooksSubmitted() {
    apps.createApplication(ManagedApps.AppSpec.of(APP).withoutP2());
    assertEquals(201, call("PUT", JIT + "r1", jitRequest(APP, "PT1H", T0)).status());
    assertEquals("Pending", state("r1"));
    clock.advance(Duration.ofSeconds(1));
    assertEquals("Denied", state("r1"));
    assertFalse(apps.approve(JIT + "r1"), "a denied request cannot be approved");
  }

  @Test
  void manualApproval_waitsForTheCustomer_whoApprovesOrDenies_orTimesOut() {
    apps.createApplication(ManagedApps.AppSpec.of(APP).approvedBy(ManagedApps.Approval.MANUAL));
    call("PUT", JIT + "a", jitRequest(APP, "PT1H", T0));
    call("PUT", JIT + "d", jitRequest(APP, "PT1H", T0));
    call("PUT", JIT + "t", jitRequest(APP, "PT1H", T0));
    assertFalse(apps.approve(JIT + "a"), "still provisioning");
    clock.advance(Duration.ofSeconds(1));
    assertEquals("Pending", state("a"));
    assertTrue(apps.approve(JIT + "a"));
    assertTrue(apps.deny(JIT + "d"));
    assertEquals("Approved", state("a"));
    assertEquals("Denied", state("d"));
    assertFalse(apps.approve(JIT + "d"));
    clock.advance(Duration.ofHours(1));
    assertEquals("Timeout", state("t"));
    assertEquals("Expired", state("a"));
  }

  @Test
  void putJitRequest_isRefused_whenJitIsOff_tooLong_theAppIsMissing_orTheBodyIsBad() {
    apps.createApplication(ManagedApps.AppSpec.of(APP).maximum(Duration.ofHours(2)));
    String off = RG + "/providers/Microsoft.Solutions/applications/off";
    apps.createApplication(ManagedApps.AppSpec.of(off).jitOff());
    assertEquals("JitAccessNotEnabled", refused(() -> call("PUT", JIT + "x", jitRequest(off, "PT1H", T0))).code());
    assertEquals("JitAccessDurationExceeded", refused(() -> call("PUT", JIT + "x", jitRequest(APP, "PT3H", T0))).code());
    ArmError missing = refused(() -> call("PUT", JIT + "x", jitRequest(RG + "/providers/Microsoft.Solutions/applications/no", "PT1H", T0)));
    assertEquals(404, missing.status());
    assertEquals("InvalidRequestContent", refused(() -> call("PUT", JIT + "x", "not json")).code());
    assertEquals("InvalidRequestContent", refused(() -> call("PUT", JIT + "x",
        jitRequest(APP, "PT1H", T0).replace("\"Once\"", "\"Recurring\""))).code());
    assertTrue(apps.jitRequests().isEmpty());
  }

  @Test
  void putAgain_answersTheRequestAsItStands_withoutASecond() {
    apps.createApplication(ManagedApps.AppSpec.of(APP));
    call("PUT", JIT + "r1", jitRequest(APP, "PT1H", T0));
    ArmReply again = call("PUT", JIT + "r1", jitRequest(APP, "PT1H", T0));
    assertEquals(200, again.status());
    assertEquals(1, apps.jitRequests().size());
  }

  @Test
  void patchJitAccessPolicy_isAsync_andTurnsJitOffWhenItsOperationIsDone() {
    apps.createApplication(ManagedApps.AppSpec.of(APP).withoutP2());
    ArmReply accepted = call("PATCH", APP, "{\"properties\":{\"jitAccessPolicy\":{\"jitAccessEnabled\":false}}}");
    assertEquals(202, accepted.status());
    String status = accepted.headers().get("Azure-AsyncOperation");
    assertEquals("Updating", accepted.body().orElseThrow().at("/properties/provisioningState").asText());
    assertTrue(call("GET", APP, null).body().orElseThrow().at("/properties/jitAccessPolicy/jitAccessEnabled").asBoolean());
    clock.advance(Duration.ofSeconds(1));
    assertEquals("Succeeded", call("GET", status, null).body().orElseThrow().get("status").asText());
    JsonNode app = call("GET", APP, null).body().orElseThrow();
    assertFalse(app.at("/properties/jitAccessPolicy/jitAccessEnabled").asBoolean());
    assertEquals("Succeeded", app.at("/properties/provisioningState").asText());
    assertEquals("InvalidRequestContent",
        refused(() -> call("PATCH", APP, "{\"properties\":{\"jitAccessPolicy\":{}}}")).code());
  }

  @Test
  void locationStyle_answers202UntilDone_thenTheResource() {
    apps.createApplication(ManagedApps.AppSpec.of(APP));
    apps.asyncStyle(ManagedApps.AsyncStyle.LOCATION);
    ArmReply created = call("PUT", JIT + "r1", jitRequest(APP, "PT1H", T0));
    assertFalse(created.headers().containsKey("Azure-AsyncOperation"));
    String location = created.headers().get("Location");
    assertTrue(location.contains("/operationResults/"), location);
    ArmReply running = call("GET", location, null);
    assertEquals(202, running.status());
    assertEquals(location, running.headers().get("Location"));
    assertEquals("1", running.headers().get("Retry-After"));
    clock.advance(Duration.ofSeconds(1));
    ArmReply done = call("GET", location, null);
    assertEquals(200, done.status());
    assertEquals(JIT + "r1", done.body().orElseThrow().get("id").asText());
    assertEquals("OperationNotFound",
        refused(() -> call("GET", SUB + "/providers/Microsoft.Solutions/locations/westeurope/operationResults/nope", null)).code());
  }

  @Test
  void delete_endsTheRequest_andAgainIs204_andListsSeeWhatIsLeft() {
    apps.createApplication(ManagedApps.AppSpec.of(APP));
    call("PUT", JIT + "r1", jitRequest(APP, "PT1H", T0));
    call("PUT", JIT + "r2", jitRequest(APP, "PT1H", T0));
    assertEquals(2, call("GET", RG + "/providers/Microsoft.Solutions/jitRequests", null).body().orElseThrow().get("value").size());
    assertEquals(200, call("DELETE", JIT + "r1", null).status());
    assertEquals(204, call("DELETE", JIT + "r1", null).status());
    assertEquals(404, refused(() -> call("GET", JIT + "r1", null)).status());
    JsonNode bySubscription = call("GET", SUB + "/providers/Microsoft.Solutions/jitRequests", null).body().orElseThrow();
    assertEquals(1, bySubscription.get("value").size());
    assertEquals(JIT + "r2", bySubscription.get("value").get(0).get("id").asText());
    assertEquals(0, call("GET", SUB + "/resourceGroups/other/providers/Microsoft.Solutions/jitRequests", null)
        .body().orElseThrow().get("value").size());
  }

  @Test
  void throttleNext_answers429WithRetryAfter_thenServesAgain() {
    apps.createApplication(ManagedApps.AppSpec.of(APP));
    apps.throttleNext(2);
    ArmError throttled = refused(() -> call("GET", APP, null));
    assertEquals(429, throttled.status());
    assertEquals(Optional.of(Duration.ofSeconds(1)), throttled.retryAfter());
    assertEquals(429, refused(() -> call("GET", APP, null)).status());
    assertEquals(200, call("GET", APP, null).status());
    assertThrows(IllegalArgumentException.class, () -> apps.throttleNext(-1));
  }

  @Test
  void reset_forgetsApplicationsRequestsAndSettings() {
    apps.createApplication(ManagedApps.AppSpec.of(APP));
    call("PUT", JIT + "r1", jitRequest(APP, "PT1H", T0));
    apps.asyncStyle(ManagedApps.AsyncStyle.LOCATION);
    apps.throttleNext(3);
    emulator.reset();
    assertTrue(apps.jitRequests().isEmpty());
    assertTrue(apps.application(APP).isEmpty());
    apps.createApplication(ManagedApps.AppSpec.of(APP));
    assertTrue(call("PUT", JIT + "r1", jitRequest(APP, "PT1H", T0)).headers().containsKey("Azure-AsyncOperation"));
  }

  private String state(String name) {
    return call("GET", JIT + name, null).body().orElseThrow().at("/properties/jitRequestState").asText();
  }

  private ArmReply call(String method, String pathAndQuery, String body) {
    URI uri = URI.create(pathAndQuery);
    return api.handle(new ArmRequest(method, uri.getPath(), QueryString.parse(uri.getRawQuery()),
        body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8), Optional.empty()));
  }

  private static String jitRequest(String app, String duration, Instant start) {
    return "{\"tags\":{\"jit-broker-request\":\"r\"},\"properties\":{\"applicationResourceId\":\"" + app
        + "\",\"jitAuthorizationPolicies\":[{\"principalId\":\"" + ENGINEER
        + "\",\"roleDefinitionId\":\"b24988ac-6180-42a0-ab88-20f7382dd24c\"}],"
        + "\"jitSchedulingPolicy\":{\"type\":\"Once\",\"duration\":\"" + duration + "\",\"startTime\":\"" + start + "\"}}}";
  }

  private static ArmError refused(Runnable call) {
    return assertThrows(ArmError.class, call::run);
  }
}

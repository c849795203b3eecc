package dev.jitbroker.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Defender for Cloud JIT policies and initiate, by the 2020-01-01 spec, without the transport. */
class SecurityApiTest {

  private static final String SUB = "/subscriptions/7e1c4a52-1111-4d2e-9a6b-0c5d8e3f2a10";
  private static final String RG = SUB + "/resourceGroups/web";
  private static final String VM1 = RG + "/providers/Microsoft.Compute/virtualMachines/vm1";
  private static final String VM2 = RG + "/providers/Microsoft.Compute/virtualMachines/vm2";
  private static final String POLICY = RG + "/providers/Microsoft.Security/locations/westeurope/jitNetworkAccessPolicies/default";
  private static final String OPERATOR = "5f0d3c2b-9a8e-4f71-b6c5-d4e3f2a1b0c9";

  private final MutableClock clock = new MutableClock(Instant.parse("2025-03-01T10:00:00Z"));
  private final Emulator emulator = new Emulator(200, 10, clock);
  private final SecurityApi api = emulator.security;

  @Test
  void put_thenGet_answersThePolicyAsTheSpecShapesIt() {
    assertEquals(200, put(POLICY, policy(VM1, 22, "PT3H", "\"allowedSourceAddressPrefix\":\"*\"")).status());
    JsonNode got = call("GET", POLICY, null).body().orElseThrow();
    assertEquals(POLICY, got.get("id").asText());
    assertEquals("default", got.get("name").asText());
    assertEquals("Microsoft.Security/locations/jitNetworkAccessPolicies", got.get("type").asText());
    assertEquals("westeurope", got.get("location").asText());
    assertEquals("Basic", got.get("kind").asText());
    assertEquals("Succeeded", got.at("/properties/provisioningState").asText());
    assertEquals(VM1, got.at("/properties/virtualMachines/0/id").asText());
    assertEquals("PT3H", got.at("/properties/virtualMachines/0/ports/0/maxRequestAccessDuration").asText());
    assertEquals(0, got.at("/properties/requests").size());
  }

  @Test
  void get_ofAMissingPolicy_is404() {
    assertEquals(404, refused(() -> call("GET", POLICY, null)).status());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "no ports           | {\"properties\":{\"virtualMachines\":[{\"id\":\"" + VM1 + "\",\"ports\":[]}]}}",
      "not a VM           | {\"properties\":{\"virtualMachines\":[{\"id\":\"" + RG + "\",\"ports\":[{\"number\":22,\"protocol\":\"*\",\"maxRequestAccessDuration\":\"PT1H\"}]}]}}",
      "too long           | {\"properties\":{\"virtualMachines\":[{\"id\":\"" + VM1 + "\",\"ports\":[{\"number\":22,\"protocol\":\"*\",\"maxRequestAccessDuration\":\"P2D\"}]}]}}",
      "bad protocol       | {\"properties\":{\"virtualMachines\":[{\"id\":\"" + VM1 + "\",\"ports\":[{\"number\":22,\"protocol\":\"ICMP\",\"maxRequestAccessDuration\":\"PT1H\"}]}]}}",
      "both source fields | {\"properties\":{\"virtualMachines\":[{\"id\":\"" + VM1 + "\",\"ports\":[{\"number\":22,\"protocol\":\"*\",\"maxRequestAccessDuration\":\"PT1H\",\"allowedSourceAddressPrefix\":\"*\",\"allowedSourceAddressPrefixes\":[\"*\"]}]}]}}",
      "no VMs             | {\"properties\":{}}"})
  void put_refusesRulesDefenderRefuses(String what, String body) {
    assertEquals(400, refused(() -> put(POLICY, body)).status(), what);
  }

  @Test
  void list_bySubscriptionGroupAndLocation() {
    put(POLICY, policy(VM1, 22, "PT3H", ""));
    String other = SUB + "/resourceGroups/db/providers/Microsoft.Security/locations/northeurope/jitNetworkAccessPolicies/default";
    put(other, policy(SUB + "/resourceGroups/db/providers/Microsoft.Compute/virtualMachines/db1", 22, "PT3H", ""));
    String sec = "/providers/Microsoft.Security";
    assertEquals(2, list(SUB + sec + "/jitNetworkAccessPolicies"));
    assertEquals(1, list(RG + sec + "/jitNetworkAccessPolicies"));
    assertEquals(1, list(SUB + sec + "/locations/northeurope/jitNetworkAccessPolicies"));
    assertEquals(0, list(RG + sec + "/locations/northeurope/jitNetworkAccessPolicies"));
    assertEquals(0, list("/subscriptions/00000000-0000-4000-8000-000000000000" + sec + "/jitNetworkAccessPolicies"));
  }

  @Test
  void initiate_recordsTheRequest_withEachPortsEndAndStatus_untilTheEndClosesIt() {
    api.createPolicy("westeurope", "default", List.of(VM1), List.of(22, 3389), Duration.ofHours(3), List.of("*"));
    Instant end = clock.instant().plus(Duration.ofHours(1));
    ArmReply reply = initiate(VM1, "{\"number\":22,\"allowedSourceAddressPrefix\":\"203.0.113.7\",\"endTimeUtc\":\"" + end + "\"}");
    assertEquals(202, reply.status());
    JsonNode request = reply.body().orElseThrow();
    assertEquals(OPERATOR, request.get("requestor").asText());
    assertEquals("for INC-1", request.get("justification").asText());
    assertEquals(clock.instant().toString(), request.get("startTimeUtc").asText());
    JsonNode port = request.at("/virtualMachines/0/ports/0");
    assertEquals(22, port.get("number").asInt());
    assertEquals("203.0.113.7", port.get("allowedSourceAddressPrefix").asText());
    assertEquals(end.toString(), port.get("endTimeUtc").asText());
    assertEquals("Initiated", port.get("status").asText());
    assertEquals("UserRequested", port.get("statusReason").asText());
    assertEquals(List.of(new JitOpenPort(POLICY, VM1, 22, "203.0.113.7", end, OPERATOR, "for INC-1")), api.openPorts());

    clock.advance(Duration.ofMinutes(59));
    assertEquals("Initiated", stored(0).get("status").asText());
    clock.advance(Duration.ofMinutes(1));
    assertEquals("Revoked", stored(0).get("status").asText());
    assertEquals("Expired", stored(0).get("statusReason").asText());
    assertTrue(api.openPorts().isEmpty());
  }

  @Test
  void aNewerRequestForTheSamePort_replacesTheOlder() {
    api.createPolicy("westeurope", "default", List.of(VM1), List.of(22, 3389), Duration.ofHours(3), List.of("*"));
    Instant end = clock.instant().plus(Duration.ofHours(2));
    initiate(VM1, "{\"number\":22,\"allowedSourceAddressPrefix\":\"203.0.113.7\",\"endTimeUtc\":\"" + end + "\"}");
    initiate(VM1, "{\"number\":22,\"allowedSourceAddressPrefix\":\"203.0.113.7\",\"endTimeUtc\":\"" + end + "\"}");
    assertEquals("Revoked", stored(0).get("status").asText());
    assertEquals("NewerRequestInitiated", stored(0).get("statusReason").asText());
    assertEquals("Initiated", stored(1).get("status").asText());
    assertEquals(1, api.openPorts().size(), "the same access, once");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "VM in no policy     | vm2 | 22   | PT1H  | 203.0.113.7  | is not protected",
      "port not in policy  | vm1 | 8080 | PT1H  | 203.0.113.7  | not configured",
      "longer than allowed | vm1 | 22   | PT4H  | 203.0.113.7  | exceeds the maximum of PT3H",
      "end not ahead       | vm1 | 22   | -PT1M | 203.0.113.7  | not in the future",
      "source not allowed  | vm1 | 22   | PT1H  | 198.51.100.9 | is not allowed"})
  void initiate_refusesWhatThePolicyDoesNotAllow(String what, String vm, int port, String duration, String source, String says) {
    api.createPolicy("westeurope", "default", List.of(VM1), List.of(22), Duration.ofHours(3), List.of("203.0.113.0/24", "2001:db8::/32"));
    Instant end = clock.instant().plus(Duration.parse(duration));
    ArmError e = refused(() -> initiate(RG + "/providers/Microsoft.Compute/virtualMachines/" + vm,
        "{\"number\":" + port + ",\"allowedSourceAddressPrefix\":\"" + source + "\",\"endTimeUtc\":\"" + end + "\"}"));
    assertEquals(400, e.status(), what);
    assertTrue(e.getMessage().contains(says), e.getMessage());
    assertTrue(api.openPorts().isEmpty());
  }

  @Test
  void initiate_takesSourcesWithinTheAllowedRanges() {
    api.createPolicy("westeurope", "default", List.of(VM1), List.of(22), Duration.ofHours(3), List.of("203.0.113.0/24", "2001:db8::/32"));
    Instant end = clock.instant().plus(Duration.ofHours(1));
    for (String source : List.of("203.0.113.7", "203.0.113.128/25", "2001:db8:1::/48")) {
      assertEquals(202, initiate(VM1, "{\"number\":22,\"allowedSourceAddressPrefix\":\"" + source + "\",\"endTimeUtc\":\"" + end + "\"}").status());
    }
    assertEquals(400, refused(() -> initiate(VM1,
        "{\"number\":22,\"allowedSourceAddressPrefix\":\"203.0.112.0/23\",\"endTimeUtc\":\"" + end + "\"}")).status(),
        "a range wider than the allowed one");
  }

  @Test
  void putAgain_keepsTheRequests_delete_thenIsGone() {
    api.createPolicy("westeurope", "default", List.of(VM1), List.of(22), Duration.ofHours(3), List.of("*"));
    initiate(VM1, "{\"number\":22,\"endTimeUtc\":\"" + clock.instant().plus(Duration.ofHours(1)) + "\"}");
    put(POLICY, policy(VM1, 22, "PT1H", ""));
    assertEquals(1, call("GET", POLICY, null).body().orElseThrow().at("/properties/requests").size());
    assertEquals(200, call("DELETE", POLICY, null).status());
    assertEquals(204, call("DELETE", POLICY, null).status());
    assertTrue(api.openPorts().isEmpty());
  }

  @Test
  void aheadClock_closesPorts_andResetPutsItBack() {
    api.createPolicy("westeurope", "default", List.of(VM1, VM2), List.of(22), Duration.ofHours(3), List.of("*"));
    initiate(VM2, "{\"number\":22,\"endTimeUtc\":\"" + clock.instant().plus(Duration.ofHours(1)) + "\"}");
    api.ahead(Duration.ofHours(1));
    assertTrue(api.openPorts().isEmpty());
    assertThrows(IllegalArgumentException.class, () -> api.ahead(Duration.ofSeconds(-1)));
    emulator.reset();
    assertEquals(clock.instant(), api.now());
    assertEquals(404, refused(() -> call("GET", POLICY, null)).status());
  }

  @Test
  void serves_onlyJitPolicyPaths() {
    assertTrue(api.serves(POLICY));
    assertTrue(api.serves(POLICY + "/initiate"));
    assertTrue(api.serves(SUB + "/providers/Microsoft.Security/jitNetworkAccessPolicies"));
    assertFalse(api.serves(SUB + "/providers/Microsoft.Security/pricings"));
    assertFalse(api.serves(RG + "/providers/Microsoft.Authorization/roleAssignments"));
    assertFalse(api.serves(POLICY + "/revoke/now"));
    assertEquals(405, refused(() -> call("POST", POLICY, "{}")).status());
  }

  @ParameterizedTest
  @CsvSource({
      "*, 198.51.100.1, true",
      "10.0.0.0/8, 10.1.2.3, true",
      "10.0.0.0/8, 10.1.0.0/16, true",
      "10.0.0.0/16, 10.0.0.0/8, false",
      "10.0.0.1, 10.0.0.1, true",
      "10.0.0.1, 10.0.0.2, false",
      "2001:db8::/32, 2001:db8::1, true",
      "2001:db8::/32, 10.0.0.1, false",
      "Internet, 10.0.0.1, false"})
  void addressRange_allows(String allowed, String requested, boolean expected) {
    assertEquals(expected, AddressRange.allows(allowed, requested));
  }

  private JsonNode stored(int request) {
    return call("GET", POLICY, null).body().orElseThrow().at("/properties/requests/" + request + "/virtualMachines/0/ports/0");
  }

  private ArmReply initiate(String vm, String port) {
    return call("POST", POLICY + "/initiate",
        "{\"virtualMachines\":[{\"id\":\"" + vm + "\",\"ports\":[" + port + "]}],\"justification\":\"for INC-1\"}");
  }

  private int list(String path) {
    return call("GET", path, null).body().orElseThrow().get("value").size();
  }

  private static String policy(String vm, int port, String max, String source) {
    return "{\"kind\":\"Basic\",\"properties\":{\"virtualMachines\":[{\"id\":\"" + vm + "\",\"ports\":[{\"number\":" + port
        + ",\"protocol\":\"*\",\"maxRequestAccessDuration\":\"" + max + "\"" + (source.isEmpty() ? "" : "," + source) + "}]}]}}";
  }

  private ArmReply put(String path, String body) {
    return call("PUT", path, body);
  }

  private ArmReply call(String method, String path, String body) {
    return api.handle(new ArmRequest(method, path, QueryString.parse("api-version=2020-01-01"),
        body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8), Optional.of(OPERATOR)));
  }

  private static ArmError refused(org.junit.jupiter.api.function.Executable call) {
    return assertThrows(ArmError.class, call);
  }
}

package dev.jitbroker.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** PIM schedule requests without the transport: what each request type does, what ARM refuses, and time. */
class PimApiTest {

  private static final String SUB_ID = "a925f2f7-5c63-4b7b-8799-25a5f97bc3b2";
  private static final String SUB = "/subscriptions/" + SUB_ID;
  private static final String RG = SUB + "/resourceGroups/rg";
  private static final String READER = SUB + "/providers/Microsoft.Authorization/roleDefinitions/acdd72a7-3385-48ef-bd42-f606fba81ae7";
  private static final String ALICE = "ce2ce14e-85d7-4629-bdbc-454d0519d987";
  private static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");

  private final MutableClock clock = new MutableClock(T0);
  private final Emulator emulator = new Emulator(200, 10, clock);

  @Test
  void adminAssign_makesAnActiveAssignment_thatIsAlsoARoleAssignment_untilItsEnd() {
    JsonNode made = put(RG, name(1), "AdminAssign", afterDateTime(T0.plus(Duration.ofHours(1))), "mine").body().orElseThrow();
    JsonNode p = made.get("properties");
    assertEquals("Provisioned", p.get("status").asText());
    assertEquals("AdminAssign", p.get("requestType").asText());
    assertEquals(name(1), p.get("targetRoleAssignmentScheduleId").asText());
    assertEquals("mine", p.get("justification").asText());
    assertEquals("2025-01-01T01:00:00Z", p.at("/scheduleInfo/expiration/endDateTime").asText());
    assertEquals(RG + "/providers/Microsoft.Authorization/RoleAssignmentScheduleRequests/" + name(1), made.get("id").asText());

    JsonNode schedule = get(RG, "roleAssignmentSchedules/" + name(1));
    assertEquals("2025-01-01T01:00:00Z", schedule.at("/properties/endDateTime").asText());
    assertEquals(RG + "/providers/Microsoft.Authorization/roleAssignmentScheduleRequests/" + name(1),
        schedule.at("/properties/roleAssignmentScheduleRequestId").asText());
    assertEquals(1, emulator.state.roleAssignments().size(), "the rbac view sees it");

    clock.advance(Duration.ofMinutes(59));
    assertEquals(1, emulator.state.roleAssignments().size());
    clock.advance(Duration.ofMinutes(1));
    assertEquals(0, emulator.state.roleAssignments().size(), "gone at its end");
    assertEquals(404, refused(() -> handle("GET", RG + "/providers/Microsoft.Authorization/roleAssignmentSchedules/" + name(1), "", "")).status());
    assertEquals("Provisioned", get(RG, "roleAssignmentScheduleRequests/" + name(1)).at("/properties/status").asText(),
        "the request stays, as a record");
  }

  @Test
  void afterDuration_endsThatLongAfterTheStart() {
    put(RG, name(1), "AdminAssign", "{\"startDateTime\":\"" + T0 + "\",\"expiration\":{\"type\":\"AfterDuration\",\"duration\":\"PT8H\"}}", null);
    assertEquals("2025-01-01T08:00:00Z", get(RG, "roleAssignmentSchedules/" + name(1)).at("/properties/endDateTime").asText());
  }

  @Test
  void secondAssign_ofTheSameAccess_isRefused_asRoleAssignmentExists() {
    put(RG, name(1), "AdminAssign", afterDateTime(T0.plus(Duration.ofHours(1))), null);
    ArmError e = refused(() -> put(RG, name(2), "AdminAssign", afterDateTime(T0.plus(Duration.ofHours(2))), null));
    assertEquals(400, e.status());
    assertEquals("RoleAssignmentExists", e.code());
    assertEquals("RoleAssignmentRequestExists",
        refused(() -> put(RG, name(1), "AdminAssign", afterDateTime(T0.plus(Duration.ofHours(1))), null)).code(),
        "a request name is used once");
  }

  @Test
  void adminAssign_whereARoleAssignmentAlreadyGivesTheAccess_isRefused() {
    emulator.state.put(new RoleAssignment(RG, name(9), READER, ALICE, "User", "standing", T0, T0, null, null), T0, null);
    assertEquals("RoleAssignmentExists",
        refused(() -> put(RG, name(1), "AdminAssign", afterDateTime(T0.plus(Duration.ofHours(1))), null)).code());
  }

  @Test
  void adminExtend_movesTheEnd_ofTheAssignmentAndItsRoleAssignment() {
    put(RG, name(1), "AdminAssign", afterDateTime(T0.plus(Duration.ofHours(1))), null);
    JsonNode extended = put(RG, name(2), "AdminExtend", afterDateTime(T0.plus(Duration.ofHours(3))), null).body().orElseThrow();
    assertEquals("Provisioned", extended.at("/properties/status").asText());
    assertEquals(name(1), extended.at("/properties/targetRoleAssignmentScheduleId").asText());
    assertEquals("2025-01-01T03:00:00Z", get(RG, "roleAssignmentSchedules/" + name(1)).at("/properties/endDateTime").asText());
    clock.advance(Duration.ofHours(2));
    assertEquals(1, emulator.state.roleAssignments().size(), "still held after the first end");
    clock.advance(Duration.ofHours(1));
    assertEquals(0, emulator.state.roleAssignments().size());
  }

  @Test
  void adminRemove_endsTheAssignment_andNeedsOneToEnd() {
    put(RG, name(1), "AdminAssign", afterDateTime(T0.plus(Duration.ofHours(1))), null);
    JsonNode removed = put(RG, name(2), "AdminRemove", "{}", null).body().orElseThrow();
    assertEquals("Revoked", removed.at("/properties/status").asText());
    assertEquals(0, emulator.state.roleAssignments().size());
    assertEquals(0, emulator.pim.schedules().size());
    ArmError again = refused(() -> put(RG, name(3), "AdminRemove", "{}", null));
    assertEquals(400, again.status());
    assertEquals("RoleAssignmentDoesNotExist", again.code());
    assertEquals("RoleAssignmentDoesNotExist",
        refused(() -> put(RG, name(4), "AdminExtend", afterDateTime(T0.plus(Duration.ofHours(2))), null)).code());
  }

  @Test
  void badRequests_areRefusedAsArmWould() {
    assertEquals("InvalidRoleAssignmentScheduleRequestName",
        refused(() -> put(RG, "not-a-guid", "AdminAssign", afterDateTime(T0.plusSeconds(60)), null)).code());
    assertEquals("InvalidRequestContent", refused(() -> put(RG, name(1), "SelfActivate", "{}", null)).code());
    assertEquals("InvalidScheduleInfo", refused(() -> put(RG, name(1), "AdminAssign", afterDateTime(T0), null)).code(),
        "an end that is not in the future");
    assertEquals("InvalidScheduleInfo", refused(() -> put(RG, name(1), "AdminAssign",
        "{\"expiration\":{\"type\":\"AfterDuration\",\"duration\":\"eight hours\"}}", null)).code());
    assertEquals(405, refused(() -> handle("DELETE", RG + "/providers/Microsoft.Authorization/roleAssignmentSchedules/" + name(1), "", "")).status());
  }

  @Test
  void list_withFilters_answersAtAndAboveTheScope_orThePrincipalsEverywhere() {
    put(RG, name(1), "AdminAssign", afterDateTime(T0.plus(Duration.ofHours(1))), null);
    put(SUB, name(2), "AdminAssign", afterDateTime(T0.plus(Duration.ofHours(1))), null);
    assertEquals(2, list(RG, "roleAssignmentSchedules", "atScope()").size(), "at and above");
    assertEquals(1, list(SUB, "roleAssignmentSchedules", "atScope()").size());
    assertEquals(2, list(SUB, "roleAssignmentScheduleRequests", "principalId eq '" + ALICE + "'").size(), "and below");
    assertEquals(0, list(SUB, "roleAssignmentScheduleRequests", "principalId eq '" + name(7) + "'").size());
  }

  @Test
  void withoutP2_everyPimCallFails_asAzureFailsIt_andOtherSubscriptionsAreUnaffected() {
    emulator.pim.licence(SUB_ID, false);
    ArmError e = refused(() -> put(RG, name(1), "AdminAssign", afterDateTime(T0.plus(Duration.ofHours(1))), null));
    assertEquals(400, e.status());
    assertEquals("AadPremiumLicenseRequired", e.code());
    assertEquals("The tenant needs an AAD Premium 2 license.", e.getMessage());
    assertEquals("AadPremiumLicenseRequired", refused(() -> list(RG, "roleAssignmentSchedules", "atScope()")).code());
    String other = "/subscriptions/b925f2f7-5c63-4b7b-8799-25a5f97bc3b2";
    assertEquals(201, put(other, name(2), "AdminAssign", afterDateTime(T0.plus(Duration.ofHours(1))), null).status());
    emulator.pim.licence(null, false);
    assertEquals("AadPremiumLicenseRequired", refused(() -> list(other, "roleAssignmentSchedules", "")).code(), "the whole tenant");
    emulator.pim.licence(null, true);
    assertEquals(201, put(RG, name(1), "AdminAssign", afterDateTime(T0.plus(Duration.ofHours(1))), null).status());
  }

  @Test
  void reset_forgetsRequestsSchedulesAndLicences() {
    put(RG, name(1), "AdminAssign", afterDateTime(T0.plus(Duration.ofHours(1))), null);
    emulator.pim.licence(SUB_ID, false);
    emulator.reset();
    assertEquals(0, emulator.pim.schedules().size());
    assertEquals(0, emulator.state.roleAssignments().size());
    assertEquals(201, put(RG, name(1), "AdminAssign", afterDateTime(T0.plus(Duration.ofHours(1))), null).status());
  }

  @Test
  void serves_onlyThePimCollections() {
    assertTrue(emulator.pim.serves(RG + "/providers/Microsoft.Authorization/roleAssignmentScheduleRequests/" + name(1)));
    assertTrue(emulator.pim.serves("//" + RG.substring(1) + "/providers/microsoft.authorization/RoleAssignmentSchedules"));
    assertTrue(!emulator.pim.serves(RG + "/providers/Microsoft.Authorization/roleAssignments/" + name(1)));
    assertTrue(!emulator.authorization.serves(RG + "/providers/Microsoft.Authorization/roleAssignmentScheduleRequests"));
  }

  private ArmReply put(String scope, String name, String type, String scheduleInfo, String justification) {
    String body = "{\"properties\":{\"principalId\":\"" + ALICE + "\",\"roleDefinitionId\":\"" + READER
        + "\",\"requestType\":\"" + type + "\",\"scheduleInfo\":" + scheduleInfo
        + (justification == null ? "" : ",\"justification\":\"" + justification + "\"") + "}}";
    return handle("PUT", scope + "/providers/Microsoft.Authorization/roleAssignmentScheduleRequests/" + name, "", body);
  }

  private JsonNode get(String scope, String item) {
    return handle("GET", scope + "/providers/Microsoft.Authorization/" + item, "", "").body().orElseThrow();
  }

  private JsonNode list(String scope, String collection, String filter) {
    String query = filter.isEmpty() ? "" : "$filter=" + URLEncoder.encode(filter, StandardCharsets.UTF_8);
    return handle("GET", scope + "/providers/Microsoft.Authorization/" + collection, query, "").body().orElseThrow().get("value");
  }

  private ArmReply handle(String method, String path, String query, String body) {
    return emulator.pim.handle(new ArmRequest(method, path, QueryString.parse(query),
        body.getBytes(StandardCharsets.UTF_8), Optional.of("caller-oid")));
  }

  private static String afterDateTime(Instant end) {
    return "{\"startDateTime\":\"" + T0 + "\",\"expiration\":{\"type\":\"AfterDateTime\",\"endDateTime\":\"" + end + "\"}}";
  }

  private static ArmError refused(Runnable call) {
    return assertThrows(ArmError.class, call::run);
  }

  private static String name(int n) {
    return String.format("00000000-0000-4000-8000-%012d", n);
  }
}

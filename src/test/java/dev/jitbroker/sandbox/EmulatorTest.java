package dev.jitbroker.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The role assignment rules without the transport: what ARM refuses, and what a list at a scope sees. */
class EmulatorTest {

  private static final String SUB = "/subscriptions/a925f2f7-5c63-4b7b-8799-25a5f97bc3b2";
  private static final String RG = SUB + "/resourceGroups/rg";
  private static final String READER = SUB + "/providers/Microsoft.Authorization/roleDefinitions/acdd72a7-3385-48ef-bd42-f606fba81ae7";
  private static final String OWNER = "/providers/Microsoft.Authorization/roleDefinitions/8e3af657-a8ff-443c-a75c-2fe8c4bcb635";
  private static final String ALICE = "ce2ce14e-85d7-4629-bdbc-454d0519d987";
  private static final String BOB = "0b5fe924-9a61-425c-96af-cfe6e287ca2d";

  private final MutableClock clock = new MutableClock(Instant.parse("2025-01-01T00:00:00Z"));
  private final Emulator emulator = new Emulator(200, 10, clock);

  @Test
  void put_storesArmSpellingOfTheRole_andTimesFromTheClock() {
    JsonNode body = put(RG, name(1), ALICE, READER.toLowerCase(), null).body().orElseThrow();
    JsonNode p = body.get("properties");
    assertEquals(READER, p.get("roleDefinitionId").asText());
    assertEquals("User", p.get("principalType").asText(), "the spec's default");
    assertEquals(RG, p.get("scope").asText());
    assertEquals("2025-01-01T00:00:00Z", p.get("createdOn").asText());
    assertEquals(RG + "/providers/Microsoft.Authorization/roleAssignments/" + name(1), body.get("id").asText());
  }

  @Test
  void put_refusesBadNamesPrincipalsRolesAndTypes() {
    assertEquals("InvalidRoleAssignmentId", refused(() -> put(RG, "not-a-guid", ALICE, READER, null)).code());
    assertEquals("InvalidPrincipalId", refused(() -> put(RG, name(1), "alice", READER, null)).code());
    assertEquals("RoleDefinitionDoesNotExist",
        refused(() -> put(RG, name(1), ALICE, OWNER.replace("8e3af657", "00000000"), null)).code());
    assertEquals("RoleDefinitionDoesNotExist", refused(() -> put(RG, name(1), ALICE, "Reader", null)).code());
    ArmError type = refused(() -> emulator.authorization.handle(request("PUT", RG, name(1),
        "{\"properties\":{\"roleDefinitionId\":\"" + READER + "\",\"principalId\":\"" + ALICE
            + "\",\"principalType\":\"Robot\"}}")));
    assertEquals("InvalidPrincipalType", type.code());
    assertEquals("InvalidRequestContent",
        refused(() -> emulator.authorization.handle(request("PUT", RG, name(1), "not json"))).code());
  }

  @Test
  void put_sameNameForAnotherPrincipal_isNotAnUpdateArmAllows() {
    put(RG, name(1), ALICE, READER, null);
    ArmError e = refused(() -> put(RG, name(1), BOB, READER, null));
    assertEquals(409, e.status());
    assertEquals("RoleAssignmentUpdateNotPermitted", e.code());
  }

  @Test
  void put_sameAssignmentWithNewDescription_updatesIt_with200() {
    put(RG, name(1), ALICE, READER, "first");
    clock.advance(Duration.ofMinutes(5));
    ArmReply reply = put(RG, name(1), ALICE, READER, "second");
    assertEquals(200, reply.status());
    JsonNode p = reply.body().orElseThrow().get("properties");
    assertEquals("second", p.get("description").asText());
    assertEquals("2025-01-01T00:05:00Z", p.get("updatedOn").asText());
    assertEquals("2025-01-01T00:00:00Z", p.get("createdOn").asText());
  }

  @Test
  void put_sameRoleForSamePrincipalAtAnotherScope_isAllowed() {
    put(SUB, name(1), ALICE, READER, null);
    assertEquals(201, put(RG, name(2), ALICE, READER, null).status());
    assertEquals(201, put(RG, name(3), ALICE, OWNER, null).status(), "another role at the same scope");
  }

  @Test
  void list_atResourceGroup_seesAboveAndBelow_butNotSiblings() {
    put(SUB, name(1), ALICE, READER, null);
    put(RG + "/providers/Microsoft.Compute/virtualMachines/vm1", name(2), ALICE, READER, null);
    put(SUB + "/resourceGroups/other", name(3), ALICE, READER, null);
    assertEquals(2, list(RG, null).size());
    assertEquals(1, list(RG, "atScope()").size());
    assertEquals(3, list(SUB, "assignedTo('" + ALICE + "')").size());
    assertEquals(0, list(SUB, "principalId eq '" + BOB + "'").size());
  }

  @Test
  void reset_forgetsAssignmentsFaultsAndCounts() {
    put(RG, name(1), ALICE, READER, null);
    emulator.faults.failNext(3, 503);
    emulator.calls.record("PUT", 201);
    emulator.reset();
    assertTrue(emulator.state.roleAssignments().isEmpty());
    assertTrue(emulator.faults.takeFailure().isEmpty());
    assertTrue(emulator.calls.snapshot().isEmpty());
  }

  @Test
  void failNext_acceptsOnlyTheStatusesArmFailsWith() {
    assertThrows(IllegalArgumentException.class, () -> emulator.faults.failNext(1, 404));
    assertThrows(IllegalArgumentException.class, () -> emulator.faults.failNext(1, 502));
    assertThrows(IllegalArgumentException.class, () -> emulator.faults.failNext(-1, 500));
    emulator.faults.failNext(1, 429);
    ArmError throttled = Faults.failure(emulator.faults.takeFailure().getAsInt());
    assertEquals(429, throttled.status());
    assertEquals(Optional.of(Duration.ofSeconds(1)), throttled.retryAfter(), "throttling says when to come back");
  }

  private ArmReply put(String scope, String name, String principal, String role, String description) {
    String desc = description == null ? "" : ",\"description\":\"" + description + "\"";
    return emulator.authorization.handle(request("PUT", scope, name,
        "{\"properties\":{\"roleDefinitionId\":\"" + role + "\",\"principalId\":\"" + principal + "\"" + desc + "}}"));
  }

  private JsonNode list(String scope, String filter) {
    String query = filter == null ? "" : "$filter=" + filter;
    ArmRequest request = new ArmRequest("GET", scope + "/providers/Microsoft.Authorization/roleAssignments", QueryString.parse(query), new byte[0], Optional.empty());
    return emulator.authorization.handle(request).body().orElseThrow().get("value");
  }

  private static ArmRequest request(String method, String scope, String name, String body) {
    return new ArmRequest(method, scope + "/providers/Microsoft.Authorization/roleAssignments/" + name, QueryString.parse(""), body.getBytes(StandardCharsets.UTF_8), Optional.of("caller-oid"));
  }

  private static ArmError refused(Runnable call) {
    return assertThrows(ArmError.class, call::run);
  }

  private static String name(int n) {
    return String.format("00000000-0000-0000-0000-%012d", n);
  }
}

package dev.jitbroker.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FilterTest {

  private static final String ALICE = "ce2ce14e-85d7-4629-bdbc-454d0519d987";
  private static final String SUB = "/subscriptions/s1";

  @Test
  void query_decodesPercentEncodedAndPlainFilters_alike() {
    assertEquals(Optional.of("roleName eq 'Reader'"),
        QueryString.parse("%24filter=roleName%20eq%20%27Reader%27&api-version=2022-04-01").get("$filter"));
    assertEquals(Optional.of("roleName eq 'Reader'"),
        QueryString.parse("api-version=2022-04-01&$filter=roleName+eq+'Reader'").get("$filter"));
    assertEquals(Optional.of("2022-04-01"), QueryString.parse("API-VERSION=2022-04-01").get("api-version"));
  }

  @Test
  void query_keepsMalformedEscapes_andDecodesUtf8() {
    assertEquals("100%", QueryString.decode("100%"));
    assertEquals("%zz x", QueryString.decode("%zz%20x"));
    assertEquals("Zoë", QueryString.decode("Zo%C3%AB"));
  }

  @Test
  void clauses_splitOnAnd_butNotInsideQuotes() {
    assertEquals(List.of("atScope()", "principalId eq 'x'"), ODataClauses.split("atScope()  AND principalId eq 'x'"));
    assertEquals(List.of("roleName eq 'Storage and Backup'"), ODataClauses.split("roleName eq 'Storage and Backup'"));
    assertEquals(List.of(), ODataClauses.split("  "));
  }

  @Test
  void assignmentFilter_readsEachSupportedClause_ignoringCase() {
    assertEquals(new AssignmentFilter(true, Optional.of(ALICE), Optional.empty()),
        AssignmentFilter.parse("atscope() and PrincipalId EQ '" + ALICE + "'"));
    assertEquals(new AssignmentFilter(false, Optional.empty(), Optional.of(ALICE)),
        AssignmentFilter.parse("assignedTo('" + ALICE + "')"));
    assertEquals(AssignmentFilter.NONE, AssignmentFilter.parse(""));
  }

  @Test
  void assignmentFilter_refusesWhatArmRefuses() {
    ArmError unquoted = assertThrows(ArmError.class, () -> AssignmentFilter.parse("principalId eq " + ALICE));
    assertEquals(400, unquoted.status());
    assertEquals("UnsupportedQuery", unquoted.code());
    assertThrows(ArmError.class, () -> AssignmentFilter.parse("principalId eq 'a' and roleDefinitionId eq 'b'"));
  }

  @Test
  void assignmentFilter_withoutAtScope_matchesAtAboveAndBelow_withAtScope_atAndAbove() {
    RoleAssignment atSub = assignment(SUB);
    RoleAssignment atRg = assignment(SUB + "/resourceGroups/rg");
    RoleAssignment elsewhere = assignment("/subscriptions/s2");
    String rg = SUB + "/resourceGroups/rg";
    assertTrue(AssignmentFilter.NONE.matches(atSub, rg), "above");
    assertTrue(AssignmentFilter.NONE.matches(atRg, SUB), "below");
    assertFalse(AssignmentFilter.NONE.matches(elsewhere, SUB));
    AssignmentFilter atScope = AssignmentFilter.parse("atScope()");
    assertTrue(atScope.matches(atSub, rg));
    assertFalse(atScope.matches(atRg, SUB));
  }

  @Test
  void assignmentFilter_principal_comparesWithoutCase() {
    RoleAssignment a = assignment(SUB);
    assertTrue(AssignmentFilter.parse("principalId eq '" + ALICE.toUpperCase() + "'").matches(a, SUB));
    assertFalse(AssignmentFilter.parse("assignedTo('00000000-0000-0000-0000-000000000000')").matches(a, SUB));
  }

  @Test
  void roleDefinitionFilter_matchesRoleNameWithoutCase_andUnescapesQuotes() {
    RoleDefinition reader = new SandboxState().roleDefinition("acdd72a7-3385-48ef-bd42-f606fba81ae7").orElseThrow();
    assertTrue(RoleDefinitionFilter.parse("roleName eq 'reader'").matches(reader));
    assertTrue(RoleDefinitionFilter.parse("roleName eq 'Reader' and type eq 'BuiltInRole'").matches(reader));
    assertFalse(RoleDefinitionFilter.parse("roleName eq 'Owner'").matches(reader));
    assertEquals(Optional.of("O'Brien's role"), RoleDefinitionFilter.parse("roleName eq 'O''Brien''s role'").roleName());
    assertThrows(ArmError.class, () -> RoleDefinitionFilter.parse("startswith(roleName, 'R')"));
  }

  private static RoleAssignment assignment(String scope) {
    Instant t = Instant.parse("2025-01-01T00:00:00Z");
    return new RoleAssignment(scope, "05c5a614-a7d6-4502-b150-c2fb455033ff",
        "/providers/Microsoft.Authorization/roleDefinitions/acdd72a7-3385-48ef-bd42-f606fba81ae7", ALICE, "User",
        null, t, t, null, null);
  }
}

package dev.jitbroker.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jitbroker.sandbox.ArmPath.Collection;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ArmPathTest {

  private static final String SUB = "/subscriptions/a925f2f7-5c63-4b7b-8799-25a5f97bc3b2";

  @Test
  void normalize_collapsesRepeatedSlashes_andDropsATrailingOne() {
    assertEquals(SUB + "/resourceGroups/rg", ArmPath.normalize("//subscriptions/a925f2f7-5c63-4b7b-8799-25a5f97bc3b2///resourceGroups/rg/"));
    assertEquals("/", ArmPath.normalize(""));
    assertEquals("/", ArmPath.normalize("//"));
  }

  @Test
  void parse_sdkDoubleSlashPath_givesScopeCollectionAndName() {
    ArmPath path = ArmPath.parse("/" + SUB + "/resourceGroups/rg/providers/Microsoft.Authorization/roleAssignments/"
        + "05c5a614-a7d6-4502-b150-c2fb455033ff").orElseThrow();
    assertEquals(SUB + "/resourceGroups/rg", path.scope());
    assertEquals(Collection.ROLE_ASSIGNMENTS, path.collection());
    assertEquals(Optional.of("05c5a614-a7d6-4502-b150-c2fb455033ff"), path.name());
  }

  @Test
  void parse_providerSegments_ignoreCase() {
    ArmPath path = ArmPath.parse(SUB + "/PROVIDERS/microsoft.authorization/ROLEDEFINITIONS").orElseThrow();
    assertEquals(SUB, path.scope());
    assertEquals(Collection.ROLE_DEFINITIONS, path.collection());
    assertTrue(path.name().isEmpty());
  }

  @Test
  void parse_resourceScope_takesTheLastAuthorizationProvider() {
    String vm = SUB + "/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm1";
    ArmPath path = ArmPath.parse(vm + "/providers/Microsoft.Authorization/roleAssignments").orElseThrow();
    assertEquals(vm, path.scope());
  }

  @Test
  void parse_tenantRoot_isScopeSlash() {
    ArmPath path = ArmPath.parse("/providers/Microsoft.Authorization/roleDefinitions/acdd72a7-3385-48ef-bd42-f606fba81ae7")
        .orElseThrow();
    assertEquals("/", path.scope());
    assertEquals("/providers/Microsoft.Authorization/roleDefinitions/acdd72a7-3385-48ef-bd42-f606fba81ae7",
        ArmPath.id(path.scope(), path.collection(), path.name().orElseThrow()));
  }

  @Test
  void parse_otherPaths_areNotAuthorizationPaths() {
    assertTrue(ArmPath.parse(SUB + "/resourceGroups/rg").isEmpty());
    assertTrue(ArmPath.parse(SUB + "/providers/Microsoft.Authorization/denyAssignments").isEmpty());
    assertTrue(ArmPath.parse(SUB + "/providers/Microsoft.Authorization/roleAssignments/a/b").isEmpty());
  }

  @Test
  void subscriptionOf_readsTheSecondSegment_lowerCased() {
    assertEquals(Optional.of("abc"), ArmPath.subscriptionOf("//Subscriptions/ABC/resourceGroups/rg"));
    assertTrue(ArmPath.subscriptionOf("/providers/Microsoft.Management/managementGroups/mg").isEmpty());
  }

  @Test
  void isAtOrAbove_followsSegmentsIgnoringCase() {
    assertTrue(ArmPath.isAtOrAbove("/", SUB));
    assertTrue(ArmPath.isAtOrAbove(SUB, SUB.toUpperCase() + "/resourceGroups/rg"));
    assertTrue(ArmPath.isAtOrAbove(SUB + "/resourceGroups/rg", SUB + "/resourceGroups/RG"));
    assertFalse(ArmPath.isAtOrAbove(SUB + "/resourceGroups/rg", SUB + "/resourceGroups/rg2"));
    assertFalse(ArmPath.isAtOrAbove(SUB + "/resourceGroups/rg", SUB));
  }
}

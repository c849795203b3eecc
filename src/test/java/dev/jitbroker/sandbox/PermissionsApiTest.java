package dev.jitbroker.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The broker's effective permissions as the sandbox reports them: inherited, per role, by ARM's matching. */
class PermissionsApiTest {

  private static final String SUB = "/subscriptions/a925f2f7-5c63-4b7b-8799-25a5f97bc3b2";
  private static final String RG = SUB + "/resourceGroups/rg";
  private static final String VM = RG + "/providers/Microsoft.Compute/virtualMachines/vm-1";
  private static final String SUFFIX = "/providers/Microsoft.Authorization/permissions";

  private final PermissionsApi api = new PermissionsApi();

  private JsonNode get(String scope) {
    return api.handle(new ArmRequest("GET", scope + SUFFIX, QueryString.parse("api-version=2022-04-01"), new byte[0],
        Optional.empty())).body().orElseThrow();
  }

  @Test
  void servesResourceGroupAndResourcePaths_only() {
    assertTrue(api.serves(SUB + "/resourcegroups/rg" + SUFFIX));
    assertTrue(api.serves(VM + SUFFIX));
    assertTrue(api.serves(RG + "/providers/Microsoft.Network/virtualNetworks/vn/subnets/s1" + SUFFIX));
    assertFalse(api.serves(SUB + SUFFIX), "the 2022-04-01 spec has no subscription-level call");
    assertFalse(api.serves(RG + "/providers/Microsoft.Authorization/roleAssignments"));
  }

  @Test
  void nothingSet_holdsEverything() {
    JsonNode value = get(RG).get("value");
    assertEquals(1, value.size());
    assertEquals("*", value.get(0).get("actions").get(0).asText());
    assertEquals(0, value.get(0).get("notActions").size());
    assertEquals(0, value.get(0).get("dataActions").size());
  }

  @Test
  void entriesSetAtOrAboveTheScope_apply_oneEntryEach() {
    api.set(SUB, List.of("Microsoft.Authorization/*/read"), List.of());
    api.set(RG, List.of("Microsoft.Authorization/roleAssignments/write"), List.of("Microsoft.Authorization/roleAssignments/delete"));
    api.set(SUB + "/resourceGroups/other", List.of("*"), List.of());
    JsonNode value = get(VM).get("value");
    assertEquals(2, value.size());
    assertEquals("Microsoft.Authorization/*/read", value.get(0).get("actions").get(0).asText());
    assertEquals("Microsoft.Authorization/roleAssignments/delete", value.get(1).get("notActions").get(0).asText());
  }

  @Test
  void withoutPermissionsRead_theCallIsRefusedAsArmDoes() {
    api.set(RG, List.of("Microsoft.Compute/virtualMachines/read"), List.of());
    ArmError e = assertThrows(ArmError.class, () -> get(RG));
    assertEquals(403, e.status());
    assertEquals("AuthorizationFailed", e.code());
    assertTrue(e.getMessage().contains("'Microsoft.Authorization/permissions/read'"), e.getMessage());
  }

  @Test
  void aNotActionOfTheOnlyRole_takesPermissionsReadAway() {
    api.set(RG, List.of("*"), List.of("Microsoft.Authorization/*/read"));
    assertEquals(403, assertThrows(ArmError.class, () -> get(RG)).status());
  }

  @Test
  void noActions_removesTheEntry_andResetForgetsAll() {
    api.set(RG, List.of("Microsoft.Compute/virtualMachines/read"), List.of());
    api.set(RG, List.of(), List.of());
    assertEquals("*", get(RG).get("value").get(0).get("actions").get(0).asText());
    api.set(RG, List.of("Microsoft.Compute/virtualMachines/read"), List.of());
    api.reset();
    assertEquals("*", get(RG).get("value").get(0).get("actions").get(0).asText());
  }

  @Test
  void matching_isArmsWildcard_caseInsensitive() {
    assertTrue(PermissionsApi.matches("*", "Microsoft.Authorization/permissions/read"));
    assertTrue(PermissionsApi.matches("microsoft.authorization/*/READ", "Microsoft.Authorization/permissions/read"));
    assertFalse(PermissionsApi.matches("Microsoft.Authorization/*/write", "Microsoft.Authorization/permissions/read"));
    assertFalse(PermissionsApi.matches("Microsoft.Authorization/permissions", "Microsoft.Authorization/permissions/read"));
  }
}

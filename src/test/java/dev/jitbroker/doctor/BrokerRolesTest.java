package dev.jitbroker.doctor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jitbroker.request.GrantType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The shipped role definitions: one per grant type, in the shape {@code az role definition create} takes. */
class BrokerRolesTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern ACTION = Pattern.compile("Microsoft\\.[A-Za-z]+(/[A-Za-z*]+)+");

  @Test
  void everyGrantType_hasOneRoleFile_andNothingElseLiesThere() throws Exception {
    Set<String> files;
    try (var listing = Files.list(Path.of(BrokerRoles.FOLDER))) {
      files = listing.map(p -> p.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new));
    }
    Set<String> expected = Arrays.stream(GrantType.values()).map(t -> t.wireName() + ".json")
        .collect(Collectors.toCollection(TreeSet::new));
    assertEquals(expected, files);
    assertEquals(GrantType.values().length, BrokerRoles.load().size());
  }

  @Test
  void roleFiles_haveTheFieldsAzCliTakes_withAPlaceholderScope() throws Exception {
    Set<String> names = new HashSet<>();
    for (GrantType type : GrantType.values()) {
      JsonNode role = JSON.readTree(Path.of(BrokerRoles.FOLDER, type.wireName() + ".json").toFile());
      List<String> fields = new java.util.ArrayList<>();
      role.fieldNames().forEachRemaining(fields::add);
      assertEquals(List.of("Name", "IsCustom", "Description", "Actions", "NotActions", "DataActions", "NotDataActions",
          "AssignableScopes"), fields, type.wireName());
      assertTrue(role.path("IsCustom").asBoolean(), type.wireName());
      assertTrue(names.add(role.path("Name").asText()), "role names must be unique: " + role.path("Name"));
      assertEquals(0, role.path("NotActions").size());
      assertEquals(0, role.path("DataActions").size());
      assertEquals(0, role.path("NotDataActions").size());
      assertEquals("/subscriptions/{subscriptionId}", role.path("AssignableScopes").get(0).asText());
    }
  }

  @Test
  void actions_areWellFormed_unique_andIncludeTheDoctorsOwnRead() {
    for (BrokerRole role : BrokerRoles.load()) {
      assertEquals(role.actions().size(), new HashSet<>(role.actions()).size(), role.grantType() + " repeats an action");
      role.actions().forEach(a -> assertTrue(ACTION.matcher(a).matches(), role.grantType() + ": " + a));
      assertTrue(role.actions().contains(Doctor.READ_PERMISSIONS), role.grantType());
      // Least privilege: no provider-wide or action-wide wildcards.
      role.actions().forEach(a -> assertTrue(!a.endsWith("/*") && !a.startsWith("*"), role.grantType() + ": " + a));
    }
  }

  @Test
  void rbacRole_holdsExactlyWhatAzureRbacGrantsNeed() {
    BrokerRole rbac = BrokerRoles.load("azure-rbac");
    assertEquals(List.of(
        "Microsoft.Authorization/roleDefinitions/read",
        "Microsoft.Authorization/roleAssignments/read",
        "Microsoft.Authorization/roleAssignments/write",
        "Microsoft.Authorization/roleAssignments/delete",
        "Microsoft.Authorization/permissions/read"), rbac.actions());
  }
}

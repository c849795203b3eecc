package dev.jitbroker.sandbox;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/** {@code GET {scope}/providers/Microsoft.Authorization/roleDefinitions[/{id}]}: lookup by id or by role name. */
final class RoleDefinitionsApi {

  private final SandboxState state;

  RoleDefinitionsApi(SandboxState state) {
    this.state = state;
  }

  ArmReply handle(ArmRequest request) {
    if (!"GET".equals(request.method())) {
      throw request.methodNotAllowed();
    }
    String scope = request.armPath().scope();
    if (request.armPath().name().isPresent()) {
      String id = request.armPath().name().get();
      RoleDefinition definition = state.roleDefinition(id).orElseThrow(() -> ArmError.notFound(
          "RoleDefinitionDoesNotExist", "The specified role definition with ID '" + id + "' does not exist."));
      return ArmReply.of(200, ArmJson.definition(definition, scope));
    }
    RoleDefinitionFilter filter = RoleDefinitionFilter.parse(request.query().get("$filter").orElse(""));
    List<ObjectNode> found = state.roleDefinitions().stream()
        .filter(filter::matches)
        .map(d -> ArmJson.definition(d, scope))
        .toList();
    return ArmReply.of(200, ArmJson.list(found));
  }
}

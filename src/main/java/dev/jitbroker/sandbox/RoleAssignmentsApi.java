package dev.jitbroker.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/** Role assignments at any scope: PUT, GET and DELETE by name or id, and list with {@code $filter}. */
final class RoleAssignmentsApi {

  private static final Pattern GUID =
      Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
  private static final List<String> PRINCIPAL_TYPES = List.of("User", "Group", "ServicePrincipal", "ForeignGroup", "Device");

  private final SandboxState state;
  private final Clock clock;

  RoleAssignmentsApi(SandboxState state, Clock clock) {
    this.state = state;
    this.clock = clock;
  }

  ArmReply handle(ArmRequest request) {
    Optional<String> name = request.armPath().name();
    return switch (request.method()) {
      case "GET" -> name.isPresent() ? get(request.armPath().scope(), name.get()) : list(request);
      case "PUT" -> put(request, name.orElseThrow(request::methodNotAllowed));
      case "DELETE" -> delete(request.armPath().scope(), name.orElseThrow(request::methodNotAllowed));
      default -> throw request.methodNotAllowed();
    };
  }

  private ArmReply get(String scope, String name) {
    RoleAssignment found = state.roleAssignment(scope, name).orElseThrow(() -> ArmError.notFound(
        "RoleAssignmentNotFound", "The role assignment '" + name + "' is not found."));
    return ArmReply.of(200, ArmJson.assignment(found));
  }

  private ArmReply delete(String scope, String name) {
    return state.delete(scope, name)
        .map(gone -> ArmReply.of(200, ArmJson.assignment(gone)))
        .orElseGet(ArmReply::noContent);
  }

  private ArmReply list(ArmRequest request) {
    AssignmentFilter filter = AssignmentFilter.parse(request.query().get("$filter").orElse(""));
    List<ObjectNode> found = state.list(request.armPath().scope(), filter).stream().map(ArmJson::assignment).toList();
    return ArmReply.of(200, ArmJson.list(found));
  }

  private ArmReply put(ArmRequest request, String name) {
    if (!GUID.matcher(name).matches()) {
      throw ArmError.badRequest("InvalidRoleAssignmentId",
          "The role assignment ID '" + name + "' is not valid. The role assignment ID must be a GUID.");
    }
    JsonNode properties = ArmJson.parse(request.body())
        .map(body -> body.path("properties"))
        .filter(JsonNode::isObject)
        .orElseThrow(() -> ArmError.badRequest("InvalidRequestContent",
            "The request content was invalid and could not be deserialized: 'properties' is required."));
    String roleDefinitionId = text(properties, "roleDefinitionId")
        .orElseThrow(() -> ArmError.badRequest("InvalidRequestContent",
            "The request content was invalid: 'properties.roleDefinitionId' is required."));
    String principalId = text(properties, "principalId")
        .filter(id -> GUID.matcher(id).matches())
        .orElseThrow(() -> ArmError.badRequest("InvalidPrincipalId",
            "A valid principal ID must be provided for role assignment."));
    String principalType = principalType(text(properties, "principalType"));
    RoleDefinition role = ArmPath.parse(roleDefinitionId)
        .filter(p -> p.collection() == ArmPath.Collection.ROLE_DEFINITIONS)
        .flatMap(ArmPath::name)
        .flatMap(state::roleDefinition)
        .orElseThrow(() -> ArmError.badRequest("RoleDefinitionDoesNotExist",
            "The specified role definition with ID '" + lastSegment(roleDefinitionId) + "' does not exist."));
    // Stored in ARM's spelling, under the scope the caller named the definition at.
    String roleId = role.idAt(ArmPath.parse(roleDefinitionId).orElseThrow().scope());
    Instant now = clock.instant();
    String caller = request.caller().orElse(null);
    RoleAssignment wanted = new RoleAssignment(request.armPath().scope(), name, roleId, principalId, principalType,
        text(properties, "description").orElse(null), now, now, caller, caller);
    SandboxState.Put put = state.put(wanted, now, caller);
    return ArmReply.of(put.status(), ArmJson.assignment(put.assignment()));
  }

  private static String principalType(Optional<String> given) {
    if (given.isEmpty()) {
      // Real ARM asks Microsoft Graph; the sandbox takes the spec's default.
      return "User";
    }
    return PRINCIPAL_TYPES.stream().filter(t -> t.equalsIgnoreCase(given.get())).findFirst()
        .orElseThrow(() -> ArmError.badRequest("InvalidPrincipalType",
            "The principal type '" + given.get() + "' is not valid. Valid values are " + PRINCIPAL_TYPES + "."));
  }

  private static Optional<String> text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value != null && value.isTextual() && !value.asText().isBlank() ? Optional.of(value.asText()) : Optional.empty();
  }

  private static String lastSegment(String id) {
    String trimmed = ArmPath.normalize(id);
    return trimmed.substring(trimmed.lastIndexOf('/') + 1);
  }
}

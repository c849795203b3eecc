package dev.jitbroker.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** The JSON shapes of the Authorization 2022-04-01 spec and of ARM's ErrorResponse. */
final class ArmJson {

  static final ObjectMapper MAPPER = new ObjectMapper();

  private ArmJson() {}

  static ObjectNode error(String code, String message) {
    ObjectNode root = MAPPER.createObjectNode();
    root.putObject("error").put("code", code).put("message", message);
    return root;
  }

  static ObjectNode assignment(RoleAssignment a) {
    ObjectNode root = MAPPER.createObjectNode();
    ObjectNode p = root.putObject("properties");
    p.put("roleDefinitionId", a.roleDefinitionId());
    p.put("principalId", a.principalId());
    p.put("principalType", a.principalType());
    p.put("scope", a.scope());
    p.put("description", a.description());
    p.put("condition", (String) null);
    p.put("conditionVersion", (String) null);
    p.put("createdOn", time(a.createdOn()));
    p.put("updatedOn", time(a.updatedOn()));
    p.put("createdBy", a.createdBy());
    p.put("updatedBy", a.updatedBy());
    p.put("delegatedManagedIdentityResourceId", (String) null);
    root.put("id", a.id());
    root.put("type", "Microsoft.Authorization/roleAssignments");
    root.put("name", a.name());
    return root;
  }

  static ObjectNode definition(RoleDefinition d, String scope) {
    ObjectNode root = MAPPER.createObjectNode();
    ObjectNode p = root.putObject("properties");
    p.put("roleName", d.roleName());
    p.put("type", d.type());
    p.put("description", d.description());
    strings(p.putArray("assignableScopes"), List.of(ArmPath.ROOT));
    ObjectNode permission = p.putArray("permissions").addObject();
    strings(permission.putArray("actions"), d.actions());
    strings(permission.putArray("notActions"), d.notActions());
    strings(permission.putArray("dataActions"), d.dataActions());
    strings(permission.putArray("notDataActions"), d.notDataActions());
    root.put("id", d.idAt(scope));
    root.put("type", "Microsoft.Authorization/roleDefinitions");
    root.put("name", d.name());
    return root;
  }

  /** A list result, {@code {"value":[...]}}; the sandbox never pages, so there is no nextLink. */
  static ObjectNode list(Collection<? extends JsonNode> items) {
    ObjectNode root = MAPPER.createObjectNode();
    root.putArray("value").addAll(items);
    return root;
  }

  /** The request body as a JSON object, or empty when it is absent or not JSON. */
  static Optional<JsonNode> parse(byte[] body) {
    if (body == null || body.length == 0) {
      return Optional.empty();
    }
    try {
      return Optional.ofNullable(MAPPER.readTree(body));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  static byte[] bytes(JsonNode node) {
    try {
      return MAPPER.writeValueAsBytes(node);
    } catch (IOException e) {
      throw new IllegalStateException("cannot write JSON", e);
    }
  }

  private static String time(Instant instant) {
    return instant == null ? null : instant.toString();
  }

  private static void strings(ArrayNode array, List<String> values) {
    values.forEach(array::add);
  }
}

package dev.jitbroker.sandbox;

import java.util.List;
import java.util.Objects;

/** A role definition the sandbox knows, identified by its GUID {@code name} (e.g. Reader's acdd72a7-...). */
public record RoleDefinition(
    String name,
    String roleName,
    String type,
    String description,
    List<String> actions,
    List<String> notActions,
    List<String> dataActions,
    List<String> notDataActions) {

  public RoleDefinition {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(roleName, "roleName");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(description, "description");
    actions = List.copyOf(actions);
    notActions = List.copyOf(notActions);
    dataActions = List.copyOf(dataActions);
    notDataActions = List.copyOf(notDataActions);
  }

  /** The ARM id of this definition as seen from {@code scope}. */
  public String idAt(String scope) {
    return ArmPath.id(scope, ArmPath.Collection.ROLE_DEFINITIONS, name);
  }
}

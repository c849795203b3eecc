package dev.jitbroker.sandbox;

import java.time.Instant;
import java.util.Objects;

/** A role assignment held by the sandbox: a principal given a role definition at a scope. */
public record RoleAssignment(
    String scope,
    String name,
    String roleDefinitionId,
    String principalId,
    String principalType,
    String description,
    Instant createdOn,
    Instant updatedOn,
    String createdBy,
    String updatedBy) {

  public RoleAssignment {
    scope = ArmPath.normalize(Objects.requireNonNull(scope, "scope"));
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(roleDefinitionId, "roleDefinitionId");
    Objects.requireNonNull(principalId, "principalId");
    Objects.requireNonNull(principalType, "principalType");
    Objects.requireNonNull(createdOn, "createdOn");
    Objects.requireNonNull(updatedOn, "updatedOn");
  }

  /** The full ARM id, {@code {scope}/providers/Microsoft.Authorization/roleAssignments/{name}}. */
  public String id() {
    return ArmPath.id(scope, ArmPath.Collection.ROLE_ASSIGNMENTS, name);
  }

  /** The GUID at the end of {@link #roleDefinitionId()}. */
  public String roleDefinitionName() {
    return roleDefinitionId.substring(roleDefinitionId.lastIndexOf('/') + 1);
  }

  /** Whether this assignment gives the same principal the same role as {@code other}, wherever either is. */
  boolean sameGrantAs(String otherPrincipalId, String otherRoleDefinitionName) {
    return principalId.equalsIgnoreCase(otherPrincipalId)
        && roleDefinitionName().equalsIgnoreCase(otherRoleDefinitionName);
  }

  RoleAssignment withDescription(String newDescription, Instant now, String caller) {
    return new RoleAssignment(scope, name, roleDefinitionId, principalId, principalType, newDescription,
        createdOn, now, createdBy, caller);
  }
}

package dev.jitbroker.doctor;

import java.util.List;

/**
 * The custom role jit-broker ships for one grant type: what its own identity needs for it, nothing more.
 *
 * @param path where the role definition lies in the repository, e.g. {@code deploy/azure-roles/azure-rbac.json}
 */
public record BrokerRole(String grantType, String name, String path, List<String> actions) {

  public BrokerRole {
    if (name == null || name.isBlank() || actions == null || actions.isEmpty()) {
      throw new IllegalArgumentException("the role for " + grantType + " needs a Name and Actions");
    }
    actions = List.copyOf(actions);
  }

  /** The actions of this role that {@code held} does not allow, in the role's order. */
  public List<String> missingFrom(List<Permission> held) {
    return actions.stream().filter(a -> !Permission.allowedByAny(held, a)).toList();
  }
}

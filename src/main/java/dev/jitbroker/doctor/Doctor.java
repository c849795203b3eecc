package dev.jitbroker.doctor;

import dev.jitbroker.grant.GrantFailure;
import dev.jitbroker.request.Scope;
import java.util.ArrayList;
import java.util.List;

/**
 * Least privilege for the broker itself: compares what its identity holds at a scope with the role
 * jit-broker ships for each grant type, and says per grant type what is missing and how to fix it.
 */
public final class Doctor {

  static final String READ_PERMISSIONS = "Microsoft.Authorization/permissions/read";
  private static final String ASSIGNEE_PLACEHOLDER = "<broker-object-id>";

  private final PermissionSource source;
  private final List<BrokerRole> roles;
  private final String assignee;

  /**
   * @param assignee how {@code az role assignment create --assignee} names the broker (its client id),
   *     or null to leave a placeholder in the commands
   */
  public Doctor(PermissionSource source, List<BrokerRole> roles, String assignee) {
    this.source = source;
    this.roles = List.copyOf(roles);
    this.assignee = assignee == null || assignee.isBlank() ? ASSIGNEE_PLACEHOLDER : assignee;
  }

  /** Asks Azure for the broker's permissions at {@code scope} and assesses every grant type against them. */
  public Diagnosis examine(Scope scope) {
    if (scope.kind() == Scope.Kind.SUBSCRIPTION) {
      throw new IllegalArgumentException("must be a resource group or a resource: Azure lists a caller's permissions "
          + "only there. Ask at a resource group of the subscription; roles assigned at the subscription show there too.");
    }
    PermissionsAnswer answer;
    try {
      answer = source.at(scope);
    } catch (GrantFailure f) {
      if (f.transient_()) {
        throw new AzureUnavailableException(f.getMessage(), f.retryAfter());
      }
      throw new AzureRefusedException(f.getMessage());
    }
    return assess(scope, answer);
  }

  /** The diagnosis for what Azure answered; no Azure call. */
  public Diagnosis assess(Scope scope, PermissionsAnswer answer) {
    List<Diagnosis.Readiness> readiness = new ArrayList<>();
    if (answer instanceof PermissionsAnswer.Unreadable unreadable) {
      for (BrokerRole role : roles) {
        readiness.add(new Diagnosis.Readiness(role.grantType(), false, List.of(READ_PERMISSIONS), role, command(role, scope)));
      }
      return new Diagnosis(scope.armId(), false, "The broker's identity may not read its own permissions at this scope ("
          + READ_PERMISSIONS + "), so no grant type can be checked, and it most likely holds none of its roles here. "
          + "Assign it the role of each grant type you use (every role includes that permission). Azure said: "
          + unreadable.reason(), readiness);
    }
    List<Permission> held = ((PermissionsAnswer.Listed) answer).entries();
    int notReady = 0;
    for (BrokerRole role : roles) {
      List<String> missing = role.missingFrom(held);
      if (missing.isEmpty()) {
        readiness.add(new Diagnosis.Readiness(role.grantType(), true, List.of(), role, null));
      } else {
        notReady++;
        readiness.add(new Diagnosis.Readiness(role.grantType(), false, missing, role, command(role, scope)));
      }
    }
    String detail = notReady == 0 ? null
        : notReady + " of " + roles.size() + " grant types lack permissions at this scope; run the command given "
            + "for each grant type you use.";
    return new Diagnosis(scope.armId(), true, detail, readiness);
  }

  /**
   * Creates the role (its assignable scope set to the subscription) and assigns it to the broker where
   * the grant type's calls go: the scope itself for role assignments, the resource group for a VM's JIT
   * policy, the subscription for managed applications (their operation statuses live there).
   */
  String command(BrokerRole role, Scope scope) {
    String subscription = "/subscriptions/" + scope.subscriptionId();
    return "az role definition create --role-definition \"$(sed 's|/subscriptions/{subscriptionId}|" + subscription
        + "|' " + role.path() + ")\"; az role assignment create --assignee " + assignee + " --role \"" + role.name()
        + "\" --scope " + assignAt(role.grantType(), scope);
  }

  private static String assignAt(String grantType, Scope scope) {
    String[] parts = scope.armId().split("/");
    return switch (grantType) {
      case "vm-jit" -> String.join("/", parts[0], parts[1], parts[2], parts[3], parts[4]);
      case "managed-app-jit" -> String.join("/", parts[0], parts[1], parts[2]);
      default -> scope.armId();
    };
  }
}

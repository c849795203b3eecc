package dev.jitbroker.grant.azure;

import com.azure.resourcemanager.authorization.fluent.AuthorizationManagementClient;
import com.azure.resourcemanager.authorization.fluent.models.RoleAssignmentInner;
import com.azure.resourcemanager.authorization.models.RoleAssignmentCreateParameters;
import dev.jitbroker.grant.GrantCommand;
import dev.jitbroker.grant.GrantFailure;
import dev.jitbroker.grant.GrantProvider;
import dev.jitbroker.grant.Granted;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * {@code azure-rbac}: a plain role assignment whose end jit-broker enforces. Needs no Entra ID P2.
 *
 * <p>The assignment's name is a name-based UUID of principal, role and scope, so a retried PUT never
 * makes a second assignment, and overlapping requests for the same access share one assignment. An
 * assignment of the same access under another name is standing access: recorded, never removed.
 */
@ApplicationScoped
public class RbacGrantProvider implements GrantProvider {

  /** Starts the description of every assignment the broker makes: how the reconciler knows its own. */
  static final String MARK = "Granted just in time by jit-broker for access request ";

  private final AzureClients clients;
  private final RoleResolver roles;

  RbacGrantProvider(AzureClients clients, RoleResolver roles) {
    this.clients = clients;
    this.roles = roles;
  }

  @Override
  public String grantType() {
    return "azure-rbac";
  }

  @Override
  public Granted grant(GrantCommand c) throws GrantFailure {
    AuthorizationManagementClient arm = clients.authorization();
    String roleDefinitionId = roles.roleDefinitionId(c.scope(), c.role());
    String name = assignmentName(c.principalId(), roleDefinitionId, c.scope());
    RoleAssignmentCreateParameters body = new RoleAssignmentCreateParameters()
        .withRoleDefinitionId(roleDefinitionId)
        .withPrincipalId(c.principalId())
        .withDescription(MARK + c.requestId());
    pace(c.scope());
    try {
      RoleAssignmentInner created = arm.getRoleAssignments().createWithResponse(c.scope(), name, body, ArmCallRecorder.context()).getValue();
      return new Granted(created.id(), false);
    } catch (RuntimeException e) {
      if (ArmErrors.status(e) == 409 && "RoleAssignmentExists".equals(ArmErrors.code(e))) {
        // The same access under another name: someone else's standing access. Never ours to remove.
        return new Granted(existing(arm, c.scope(), c.principalId(), roleDefinitionId), true);
      }
      throw ArmErrors.translate(e, "Creating the role assignment " + name + " at " + c.scope());
    }
  }

  @Override
  public void remove(Granted granted) throws GrantFailure {
    if (granted.preexisting() || granted.reference() == null) {
      return;
    }
    pace(granted.reference());
    try {
      arm().getRoleAssignments().deleteByIdWithResponse(granted.reference(), null, ArmCallRecorder.context());
    } catch (RuntimeException e) {
      if (ArmErrors.status(e) == 404) {
        return;
      }
      throw ArmErrors.translate(e, "Deleting the role assignment " + granted.reference());
    }
  }

  private void pace(String armId) throws GrantFailure {
    clients.pace(armId);
  }

  @Override
  public List<Owned> owned(String scope) throws GrantFailure {
    String filter = URLEncoder.encode("atScope()", StandardCharsets.UTF_8);
    List<Owned> owned = new ArrayList<>();
    try {
      for (RoleAssignmentInner a : arm().getRoleAssignments().listForScope(scope, filter, null, null, ArmCallRecorder.context())) {
        if (scope.equalsIgnoreCase(a.scope()) && a.description() != null && a.description().startsWith(MARK)) {
          owned.add(new Owned(a.id(), a.principalId(), a.createdOn() == null ? null : a.createdOn().toInstant()));
        }
      }
    } catch (RuntimeException e) {
      throw ArmErrors.translate(e, "Listing role assignments at " + scope);
    }
    return owned;
  }

  /** The id of the assignment that already gives this access at this scope, or null if it cannot be found. */
  static String existing(AuthorizationManagementClient arm, String scope, String principalId, String roleDefinitionId) {
    // This filter travels as given (the spec marks it "skip URL encoding"), so it is encoded here.
    String filter = URLEncoder.encode("principalId eq '" + principalId + "'", StandardCharsets.UTF_8).replace("+", "%20");
    String role = roleDefinitionId.substring(roleDefinitionId.lastIndexOf('/') + 1);
    try {
      for (RoleAssignmentInner a : arm.getRoleAssignments().listForScope(scope, filter, null, null, ArmCallRecorder.context())) {
        if (scope.equalsIgnoreCase(a.scope()) && a.roleDefinitionId() != null
            && a.roleDefinitionId().toLowerCase(Locale.ROOT).endsWith(role.toLowerCase(Locale.ROOT))) {
          return a.id();
        }
      }
    } catch (RuntimeException e) {
      // The grant stands either way; only the record of which assignment holds it is missing.
      return null;
    }
    return null;
  }

  private AuthorizationManagementClient arm() {
    return clients.authorization();
  }

  /** The assignment name for this access: the same principal, role and scope always give the same name. */
  static String assignmentName(String principalId, String roleDefinitionId, String scope) {
    String guid = roleDefinitionId.substring(roleDefinitionId.lastIndexOf('/') + 1);
    String key = "jit-broker|" + principalId.toLowerCase(Locale.ROOT) + "|" + guid.toLowerCase(Locale.ROOT) + "|"
        + scope.toLowerCase(Locale.ROOT);
    return UUID.nameUUIDFromBytes(key.getBytes(StandardCharsets.UTF_8)).toString();
  }

}

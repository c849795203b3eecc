package dev.jitbroker.grant.azure;

import com.azure.core.http.rest.PagedIterable;
import com.azure.core.util.Context;
import com.azure.resourcemanager.authorization.fluent.PermissionsClient;
import com.azure.resourcemanager.authorization.fluent.models.PermissionInner;
import dev.jitbroker.doctor.Permission;
import dev.jitbroker.doctor.PermissionSource;
import dev.jitbroker.doctor.PermissionsAnswer;
import dev.jitbroker.grant.GrantFailure;
import dev.jitbroker.request.Scope;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The broker identity's effective permissions, from Microsoft.Authorization/permissions (2022-04-01):
 * Permissions_ListForResourceGroup or Permissions_ListForResource. The API has no subscription-level call.
 */
@ApplicationScoped
public class ArmPermissions implements PermissionSource {

  private final AzureClients clients;

  ArmPermissions(AzureClients clients) {
    this.clients = clients;
  }

  @Override
  public PermissionsAnswer at(Scope scope) throws GrantFailure {
    // /subscriptions/{s}/resourceGroups/{rg}[/providers/{namespace}/{type}/{name}[/{type}/{name}...]]
    String[] parts = scope.armId().split("/");
    if (parts.length < 5) {
      throw new IllegalArgumentException("Azure lists permissions for a resource group or a resource, not " + scope);
    }
    PermissionsClient permissions = clients.authorization(scope.subscriptionId()).getPermissions();
    String resourceGroup = parts[4];
    List<Permission> entries = new ArrayList<>();
    // A read outside any access request: there is no request trail to record it in, and nothing on an
    // HTTP thread drains the call log, so the call is not collected (Context.NONE).
    Context none = Context.NONE;
    try {
      PagedIterable<PermissionInner> listed;
      if (parts.length == 5) {
        listed = permissions.listByResourceGroup(resourceGroup, none);
      } else {
        String namespace = parts[6];
        String[] typesAndNames = Arrays.copyOfRange(parts, 7, parts.length);
        int n = typesAndNames.length;
        // A nested resource's parents go in parentResourcePath ("" for a top-level resource).
        String parent = String.join("/", Arrays.copyOfRange(typesAndNames, 0, n - 2));
        listed = permissions.listForResource(resourceGroup, namespace, parent, typesAndNames[n - 2], typesAndNames[n - 1], none);
      }
      for (PermissionInner p : listed) {
        entries.add(new Permission(p.actions(), p.notActions()));
      }
    } catch (RuntimeException e) {
      if (ArmErrors.status(e) == 403) {
        return new PermissionsAnswer.Unreadable(ArmErrors.translate(e, "Listing the broker's permissions at " + scope)
            .getMessage());
      }
      throw ArmErrors.translate(e, "Listing the broker's permissions at " + scope);
    }
    return new PermissionsAnswer.Listed(entries);
  }
}

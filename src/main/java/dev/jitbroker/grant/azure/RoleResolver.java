package dev.jitbroker.grant.azure;

import com.azure.resourcemanager.authorization.fluent.AuthorizationManagementClient;
import com.azure.resourcemanager.authorization.fluent.models.RoleDefinitionInner;
import dev.jitbroker.grant.GrantFailure;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Turns the role a request names into a role definition id, for every grant type that assigns a role. */
@ApplicationScoped
public class RoleResolver {

  static final String API_ROLE_DEFINITIONS = "/providers/Microsoft.Authorization/roleDefinitions/";
  private static final Pattern GUID =
      Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

  private final AzureClients clients;
  private final Map<String, String> roleIds = new ConcurrentHashMap<>();

  RoleResolver(AzureClients clients) {
    this.clients = clients;
  }

  /**
   * The full role definition id, in the scope's subscription, of a built-in role name or a role
   * definition id (a GUID or a path). Names are looked up once per subscription and cached.
   */
  public String roleDefinitionId(String scope, String role) throws GrantFailure {
    AuthorizationManagementClient arm = clients.authorization();
    String subscription = scope.split("/")[2];
    Matcher guid = GUID.matcher(role);
    if (role.startsWith("/") || guid.matches()) {
      String id = role.substring(role.lastIndexOf('/') + 1);
      return "/subscriptions/" + subscription + API_ROLE_DEFINITIONS + id.toLowerCase(Locale.ROOT);
    }
    String cacheKey = subscription + "|" + role.toLowerCase(Locale.ROOT);
    String cached = roleIds.get(cacheKey);
    if (cached != null) {
      return cached;
    }
    String filter = "roleName eq '" + role.replace("'", "''") + "'";
    try {
      for (RoleDefinitionInner d : arm.getRoleDefinitions().list("/subscriptions/" + subscription, filter, ArmCallRecorder.context())) {
        if (role.equalsIgnoreCase(d.roleName())) {
          String id = "/subscriptions/" + subscription + API_ROLE_DEFINITIONS + d.name();
          roleIds.put(cacheKey, id);
          return id;
        }
      }
    } catch (RuntimeException e) {
      throw ArmErrors.translate(e, "Looking up the role '" + role + "'");
    }
    throw GrantFailure.permanent("There is no role named '" + role + "' in subscription " + subscription
        + ". Use a built-in role name or a role definition id.", "RoleDefinitionDoesNotExist", null);
  }
}

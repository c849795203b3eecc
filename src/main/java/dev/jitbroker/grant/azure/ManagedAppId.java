package dev.jitbroker.grant.azure;

import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A managed application's resource id, and the ids of what belongs to it. */
record ManagedAppId(String subscription, String resourceGroup, String name) {

  private static final Pattern ID = Pattern.compile(
      "^/subscriptions/([^/]+)/resourceGroups/([^/]+)/providers/Microsoft\\.Solutions/applications/([^/]+)/?$",
      Pattern.CASE_INSENSITIVE);

  /** The application a request's scope names, or empty when the scope is not a managed application id. */
  static Optional<ManagedAppId> parse(String scope) {
    Matcher m = ID.matcher(scope == null ? "" : scope);
    return m.matches() ? Optional.of(new ManagedAppId(m.group(1), m.group(2), m.group(3))) : Optional.empty();
  }

  String id() {
    return resourceGroupId() + "/providers/Microsoft.Solutions/applications/" + name;
  }

  /** Where the spec puts JIT requests: in a resource group; the broker uses the application's. */
  String jitRequests() {
    return resourceGroupId() + "/providers/Microsoft.Solutions/jitRequests";
  }

  /** The JIT request of one access request: named by its id, so a retry finds it instead of making another. */
  String jitRequestId(UUID requestId) {
    return jitRequests() + "/" + requestId;
  }

  private String resourceGroupId() {
    return "/subscriptions/" + subscription + "/resourceGroups/" + resourceGroup;
  }
}

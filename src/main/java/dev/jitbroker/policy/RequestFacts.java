package dev.jitbroker.policy;

import java.time.Duration;
import java.util.Objects;

/**
 * What the rules look at in a request (already validated by the request core).
 *
 * @param scope the canonical ARM id, e.g. {@code /subscriptions/{guid}/resourceGroups/app-prod}
 * @param role a built-in role name or a role definition id, as the request names it
 * @param grantType the wire name, e.g. {@code azure-rbac}
 * @param principalId the object id that would receive the access
 * @param ticket null when none was given
 */
public record RequestFacts(
    String scope,
    String role,
    String grantType,
    Requester requester,
    String principalId,
    Duration duration,
    String justification,
    String ticket) {

  public RequestFacts {
    Objects.requireNonNull(scope, "scope");
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(grantType, "grantType");
    Objects.requireNonNull(requester, "requester");
    Objects.requireNonNull(duration, "duration");
  }
}

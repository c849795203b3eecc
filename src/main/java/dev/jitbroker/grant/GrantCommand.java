package dev.jitbroker.grant;

import java.time.Duration;
import java.util.UUID;

/**
 * What to grant: a role on a scope to a principal, for a request.
 *
 * @param role a built-in role name or a role definition id
 */
public record GrantCommand(UUID requestId, String scope, String role, String principalId, Duration duration) {}

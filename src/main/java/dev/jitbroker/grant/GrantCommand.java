package dev.jitbroker.grant;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * What to grant: a role on a scope to a principal, for a request.
 *
 * @param role a built-in role name or a role definition id
 * @param duration how long the request asked for
 * @param endsAt when the access must end: the grant time plus the duration, or for an extension of
 *     access that is still held, the end of that access plus the duration. Providers whose end Azure
 *     enforces (PIM, Managed Application JIT, VM JIT) ask Azure for this end.
 * @param network ports and source for {@code vm-jit}; null for other grant types
 */
public record GrantCommand(
    UUID requestId, String scope, String role, String principalId, Duration duration, Instant endsAt, NetworkAccess network) {}

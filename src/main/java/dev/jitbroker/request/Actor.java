package dev.jitbroker.request;

import java.util.Objects;
import java.util.Set;

/**
 * Who acts: a signed-in caller (identified by the token's object id) or the service itself.
 *
 * @param id the caller's Entra object id ({@code oid}), or {@code system:<job>} for the service
 * @param name a display name for people reading the request or the audit trail
 * @param roles the app roles the caller holds
 * @param groups the groups the token lists
 */
public record Actor(String id, String name, Set<Role> roles, Set<String> groups) {

  public Actor {
    Objects.requireNonNull(id, "id");
    roles = Set.copyOf(roles);
    groups = Set.copyOf(groups);
  }

  /** The service acting on its own, e.g. a scheduled job. */
  public static Actor system(String job) {
    return new Actor("system:" + job, "jit-broker (" + job + ")", Set.of(), Set.of());
  }

  public boolean has(Role role) {
    return roles.contains(role);
  }

  /** Whether this caller may read every request: approvers, auditors and admins. */
  public boolean readsAll() {
    return has(Role.APPROVER) || has(Role.AUDITOR) || has(Role.ADMIN);
  }
}

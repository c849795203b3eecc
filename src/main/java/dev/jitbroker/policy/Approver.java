package dev.jitbroker.policy;

import java.util.Set;

/**
 * Someone deciding, as their token says at the moment they decide.
 *
 * @param roles app roles in lower case, e.g. {@code approver}, {@code admin}
 */
public record Approver(String id, Set<String> groups, Set<String> roles) {
  public Approver {
    groups = Set.copyOf(groups);
    roles = Set.copyOf(roles);
  }
}

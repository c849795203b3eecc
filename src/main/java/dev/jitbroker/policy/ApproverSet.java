package dev.jitbroker.policy;

import java.util.Set;

/** Who may approve: named users (object ids), members of groups, or holders of app roles. */
public record ApproverSet(Set<String> users, Set<String> groups, Set<String> roles) {
  public ApproverSet {
    users = Set.copyOf(users);
    groups = Set.copyOf(groups);
    roles = Set.copyOf(roles);
  }

  /** Whether {@code approver} belongs to this set now. */
  public boolean includes(Approver approver) {
    throw new UnsupportedOperationException("TODO");
  }
}

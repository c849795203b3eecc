package dev.jitbroker.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
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
    return (approver.id() != null && containsIgnoringCase(users, approver.id()))
        || approver.groups().stream().anyMatch(g -> containsIgnoringCase(groups, g))
        || approver.roles().stream().anyMatch(r -> containsIgnoringCase(roles, r));
  }

  /** Whether the set names nobody at all. */
  public boolean isEmpty() {
    return users.isEmpty() && groups.isEmpty() && roles.isEmpty();
  }

  /** Who the set names, for people: "members of group ops, user 1f2e…, or holders of role approver". */
  public String describe() {
    List<String> parts = new ArrayList<>();
    if (!groups.isEmpty()) {
      parts.add("members of group" + plural(groups) + " " + or(groups));
    }
    if (!users.isEmpty()) {
      parts.add("user" + plural(users) + " " + or(users));
    }
    if (!roles.isEmpty()) {
      parts.add("holders of role" + plural(roles) + " " + or(roles));
    }
    if (parts.size() <= 2) {
      return parts.isEmpty() ? "nobody" : String.join(" or ", parts);
    }
    return String.join(", ", parts.subList(0, parts.size() - 1)) + ", or " + parts.get(parts.size() - 1);
  }

  static boolean containsIgnoringCase(Set<String> set, String value) {
    return set.stream().anyMatch(value::equalsIgnoreCase);
  }

  private static String plural(Set<String> names) {
    return names.size() == 1 ? "" : "s";
  }

  // Sorted so that messages are the same on every run (Set.copyOf has no stable order).
  private static String or(Set<String> names) {
    return String.join(" or ", names.stream().sorted(String.CASE_INSENSITIVE_ORDER).toList());
  }

  static String lower(String id) {
    return id.toLowerCase(Locale.ROOT);
  }
}

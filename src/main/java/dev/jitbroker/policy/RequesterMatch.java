package dev.jitbroker.policy;

import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/** Who a rule is for: anyone signed in, or named users (object ids) and/or members of groups. */
record RequesterMatch(boolean anyone, Set<String> users, Set<String> groups) {

  /** The requester is not admitted. */
  static final int NO = -1;
  /** Admitted because the rule admits anyone (or says nothing about requesters). */
  static final int ANYONE = 0;
  /** Admitted through a group. */
  static final int GROUP = 1;
  /** Admitted by name. */
  static final int USER = 2;

  RequesterMatch {
    users = lower(users);
    groups = lower(groups);
    if (anyone == !(users.isEmpty() && groups.isEmpty())) {
      throw new IllegalArgumentException("say 'anyone: true', or list users or groups, but not both");
    }
  }

  /** How this admits {@code requester}: {@link #USER}, {@link #GROUP}, {@link #ANYONE} or {@link #NO}. */
  int admits(Requester requester) {
    if (anyone) {
      return ANYONE;
    }
    if (requester.id() != null && users.contains(requester.id().toLowerCase(Locale.ROOT))) {
      return USER;
    }
    for (String g : requester.groups()) {
      if (groups.contains(g.toLowerCase(Locale.ROOT))) {
        return GROUP;
      }
    }
    return NO;
  }

  /** How a rule's requester part, possibly absent, admits {@code requester}. */
  static int admits(RequesterMatch match, Requester requester) {
    return match == null ? ANYONE : match.admits(requester);
  }

  private static Set<String> lower(Set<String> ids) {
    return ids.stream().map(s -> s.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
  }
}

package dev.jitbroker.doctor;

import java.util.List;

/**
 * One entry of what ARM's permissions API answers: the actions one role assignment gives at a scope,
 * minus its notActions. A notAction only narrows its own entry; it never takes away what another
 * role grants (it is not a deny).
 */
public record Permission(List<String> actions, List<String> notActions) {

  public Permission {
    actions = actions == null ? List.of() : List.copyOf(actions);
    notActions = notActions == null ? List.of() : List.copyOf(notActions);
  }

  /** Whether this entry allows all of {@code action} (which may itself hold a {@code *}). */
  public boolean allows(String action) {
    return actions.stream().anyMatch(a -> ActionPattern.covers(a, action))
        && notActions.stream().noneMatch(n -> ActionPattern.overlaps(n, action));
  }

  /** Whether any of {@code entries} allows {@code action}: the caller's effective permission. */
  public static boolean allowedByAny(List<Permission> entries, String action) {
    return entries.stream().anyMatch(p -> p.allows(action));
  }
}

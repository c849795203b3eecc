package dev.jitbroker.doctor;

import java.util.List;

/** What Azure said when the broker asked for its own permissions at a scope. */
public sealed interface PermissionsAnswer {

  /** Azure listed them: one entry per role the broker holds at (or above) the scope. */
  record Listed(List<Permission> entries) implements PermissionsAnswer {
    public Listed {
      entries = List.copyOf(entries);
    }
  }

  /** Azure refused to list them: the broker lacks {@code Microsoft.Authorization/permissions/read} there. */
  record Unreadable(String reason) implements PermissionsAnswer {}
}

package dev.jitbroker.sandbox;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What the emulated ARM holds: built-in role definitions and the role assignments made so far. An
 * assignment with an end (one PIM made) is gone once the clock passes it, whichever view looks.
 */
public final class SandboxState {

  /** The outcome of a PUT: the assignment as stored, and the status ARM answers with. */
  record Put(RoleAssignment assignment, int status) {}

  private final Map<String, RoleDefinition> definitions = new LinkedHashMap<>();
  private final Map<String, RoleAssignment> assignments = new LinkedHashMap<>();
  private final Map<String, Instant> ends = new LinkedHashMap<>();
  private final Clock clock;

  SandboxState() {
    this(Clock.systemUTC());
  }

  SandboxState(Clock clock) {
    this.clock = clock;
    for (RoleDefinition d : BuiltInRoles.all()) {
      definitions.put(d.name().toLowerCase(Locale.ROOT), d);
    }
  }

  /** Every role definition the sandbox knows. */
  public List<RoleDefinition> roleDefinitions() {
    return List.copyOf(definitions.values());
  }

  /** The role definition with GUID {@code name}. */
  public Optional<RoleDefinition> roleDefinition(String name) {
    return Optional.ofNullable(definitions.get(name.toLowerCase(Locale.ROOT)));
  }

  /** Every role assignment at every scope, oldest first. */
  public synchronized List<RoleAssignment> roleAssignments() {
    expire();
    return List.copyOf(assignments.values());
  }

  /** The role assignment named {@code name} at {@code scope}. */
  public synchronized Optional<RoleAssignment> roleAssignment(String scope, String name) {
    expire();
    return Optional.ofNullable(assignments.get(key(scope, name)));
  }

  /**
   * Creates {@code wanted}, or answers with the assignment of that name when it already grants the same
   * thing; refuses a second assignment of the same role to the same principal at the same scope.
   */
  synchronized Put put(RoleAssignment wanted, Instant now, String caller) {
    expire();
    String key = key(wanted.scope(), wanted.name());
    RoleAssignment existing = assignments.get(key);
    if (existing != null) {
      if (!existing.sameGrantAs(wanted.principalId(), wanted.roleDefinitionName())) {
        throw new ArmError(409, "RoleAssignmentUpdateNotPermitted",
            "Tenant ID, application ID, principal ID, and scope are not allowed to be updated.");
      }
      if (wanted.description() != null && !Objects.equals(wanted.description(), existing.description())) {
        RoleAssignment updated = existing.withDescription(wanted.description(), now, caller);
        assignments.put(key, updated);
        return new Put(updated, 200);
      }
      // Real ARM answers a repeated identical PUT with 201 as well.
      return new Put(existing, 201);
    }
    for (RoleAssignment other : assignments.values()) {
      if (ArmPath.sameScope(other.scope(), wanted.scope())
          && other.sameGrantAs(wanted.principalId(), wanted.roleDefinitionName())) {
        throw new ArmError(409, "RoleAssignmentExists",
            "The role assignment already exists. The ID of the existing role assignment is " + other.id() + ".");
      }
    }
    assignments.put(key, wanted);
    return new Put(wanted, 201);
  }

  /** Removes and returns the assignment named {@code name} at {@code scope}, if there is one. */
  synchronized Optional<RoleAssignment> delete(String scope, String name) {
    expire();
    ends.remove(key(scope, name));
    return Optional.ofNullable(assignments.remove(key(scope, name)));
  }

  /** Creates {@code wanted} (as {@link #put} does) to last until {@code end}; null: until deleted. */
  synchronized Put putUntil(RoleAssignment wanted, Instant end, Instant now, String caller) {
    Put put = put(wanted, now, caller);
    ends(wanted.scope(), wanted.name(), end);
    return put;
  }

  /** Moves the end of the assignment named {@code name} at {@code scope}; null: until deleted. */
  synchronized void ends(String scope, String name, Instant end) {
    if (end == null) {
      ends.remove(key(scope, name));
    } else if (assignments.containsKey(key(scope, name))) {
      ends.put(key(scope, name), end);
    }
  }

  /** The assignments a list at {@code scope} with {@code filter} answers. */
  synchronized List<RoleAssignment> list(String scope, AssignmentFilter filter) {
    expire();
    List<RoleAssignment> found = new ArrayList<>();
    for (RoleAssignment a : assignments.values()) {
      if (filter.matches(a, scope)) {
        found.add(a);
      }
    }
    return found;
  }

  synchronized void clear() {
    assignments.clear();
    ends.clear();
  }

  // Lazily: nothing runs at an assignment's end, but nobody sees it afterwards.
  private void expire() {
    Instant now = clock.instant();
    ends.entrySet().removeIf(e -> {
      boolean over = !e.getValue().isAfter(now);
      if (over) {
        assignments.remove(e.getKey());
      }
      return over;
    });
  }

  private static String key(String scope, String name) {
    return ArmPath.normalize(scope).toLowerCase(Locale.ROOT) + "|" + name.toLowerCase(Locale.ROOT);
  }
}

package dev.jitbroker.sandbox;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The {@code $filter} of a role assignment list: {@code atScope()}, {@code principalId eq}, {@code assignedTo()}, and-joined. */
record AssignmentFilter(boolean atScope, Optional<String> principalId, Optional<String> assignedTo) {

  private static final Pattern AT_SCOPE = Pattern.compile("(?i)atScope\\(\\s*\\)");
  private static final Pattern PRINCIPAL = Pattern.compile("(?i)principalId\\s+eq\\s+'((?:[^']|'')*)'");
  private static final Pattern ASSIGNED_TO =
      Pattern.compile("(?i)assignedTo\\(\\s*'((?:[^']|'')*)'\\s*\\)");

  static final AssignmentFilter NONE = new AssignmentFilter(false, Optional.empty(), Optional.empty());

  /** Parses a decoded filter; a blank one matches everything at, above and below the scope. */
  static AssignmentFilter parse(String filter) {
    boolean atScope = false;
    Optional<String> principalId = Optional.empty();
    Optional<String> assignedTo = Optional.empty();
    for (String clause : ODataClauses.split(filter)) {
      Matcher m;
      if (AT_SCOPE.matcher(clause).matches()) {
        atScope = true;
      } else if ((m = PRINCIPAL.matcher(clause)).matches()) {
        principalId = Optional.of(ODataClauses.unquote(m.group(1)));
      } else if ((m = ASSIGNED_TO.matcher(clause)).matches()) {
        assignedTo = Optional.of(ODataClauses.unquote(m.group(1)));
      } else {
        throw unsupported(filter);
      }
    }
    return new AssignmentFilter(atScope, principalId, assignedTo);
  }

  /**
   * Whether {@code assignment} answers a list at {@code scope}: ARM returns assignments at and above
   * the scope for {@code atScope()}, and at, above and below it otherwise.
   */
  boolean matches(RoleAssignment assignment, String scope) {
    return matches(assignment.scope(), assignment.principalId(), scope);
  }

  /** The same rule for anything a principal holds at a scope (PIM schedules and schedule requests). */
  boolean matches(String itemScope, String itemPrincipalId, String scope) {
    boolean placed = ArmPath.isAtOrAbove(itemScope, scope)
        || (!atScope && ArmPath.isAtOrAbove(scope, itemScope));
    // The sandbox knows no group memberships, so assignedTo() is the principal's own assignments.
    return placed
        && principalId.map(p -> p.equalsIgnoreCase(itemPrincipalId)).orElse(true)
        && assignedTo.map(p -> p.equalsIgnoreCase(itemPrincipalId)).orElse(true);
  }

  private static ArmError unsupported(String filter) {
    return ArmError.badRequest("UnsupportedQuery", "The filter '" + filter + "' is not supported. "
        + "Supported filters are either 'atScope()' or 'principalId eq '{value}' or assignedTo('{value}')'.");
  }
}

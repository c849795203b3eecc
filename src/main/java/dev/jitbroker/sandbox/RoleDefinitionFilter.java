package dev.jitbroker.sandbox;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The {@code $filter} of a role definition list: {@code roleName eq '...'}, {@code type eq '...'}, joined by {@code and}. */
record RoleDefinitionFilter(Optional<String> roleName, Optional<String> type) {

  private static final Pattern ROLE_NAME = Pattern.compile("(?i)roleName\\s+eq\\s+'((?:[^']|'')*)'");
  private static final Pattern TYPE = Pattern.compile("(?i)type\\s+eq\\s+'((?:[^']|'')*)'");
  private static final Pattern AT_SCOPE_AND_BELOW = Pattern.compile("(?i)atScopeAndBelow\\(\\s*\\)");

  /** Parses a decoded filter; a blank one matches every definition. */
  static RoleDefinitionFilter parse(String filter) {
    Optional<String> roleName = Optional.empty();
    Optional<String> type = Optional.empty();
    for (String clause : ODataClauses.split(filter)) {
      Matcher m;
      if ((m = ROLE_NAME.matcher(clause)).matches()) {
        roleName = Optional.of(ODataClauses.unquote(m.group(1)));
      } else if ((m = TYPE.matcher(clause)).matches()) {
        type = Optional.of(ODataClauses.unquote(m.group(1)));
      } else if (!AT_SCOPE_AND_BELOW.matcher(clause).matches()) {
        // atScopeAndBelow() only adds custom roles defined below the scope; the sandbox has built-in roles only.
        throw ArmError.badRequest("UnsupportedQuery", "The filter '" + filter + "' is not supported. "
            + "Supported filters are 'roleName eq '{value}'', 'type eq '{value}'' and 'atScopeAndBelow()'.");
      }
    }
    return new RoleDefinitionFilter(roleName, type);
  }

  /** Whether {@code definition} passes this filter; role names and types compare without case. */
  boolean matches(RoleDefinition definition) {
    return roleName.map(n -> n.equalsIgnoreCase(definition.roleName())).orElse(true)
        && type.map(t -> t.equalsIgnoreCase(definition.type())).orElse(true);
  }
}

package dev.jitbroker.policy;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A role a rule applies to: a role name (compared case-insensitively) or a role definition id (compared by its
 * GUID, whichever of the three spellings is used). Names never match ids.
 */
record RolePattern(String text, String guid, String name) {

  private static final String GUID = "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}";
  // The shapes request.RoleRef accepts; this package may not depend on it.
  private static final Pattern ID = Pattern.compile(
      "^(?:(?:/subscriptions/" + GUID + ")?/providers/Microsoft\\.Authorization/roleDefinitions/)?(" + GUID + ")$",
      Pattern.CASE_INSENSITIVE);
  private static final Pattern NAME = Pattern.compile("^[\\p{L}\\p{N}][\\p{L}\\p{N} ()._\\-]{0,127}$");

  RolePattern {
    if (text == null || (guid == null) == (name == null)) {
      throw new IllegalArgumentException("a role is either a GUID or a name");
    }
  }

  /** Reads a role as written in a policy; the exception's message says what is wrong with it. */
  static RolePattern parse(String text) {
    String guid = guidOf(text);
    if (guid != null) {
      return new RolePattern(text, guid, null);
    }
    if (text.startsWith("/") || !NAME.matcher(text).matches() || text.endsWith(" ")) {
      throw new IllegalArgumentException("must be a role name such as Reader, or a role definition id "
          + "(a GUID, or /providers/Microsoft.Authorization/roleDefinitions/{guid})");
    }
    return new RolePattern(text, null, text.toLowerCase(Locale.ROOT));
  }

  /** Whether the role a request names is this role. */
  boolean matches(String role) {
    String requested = guidOf(role);
    return guid != null ? guid.equals(requested) : requested == null && name.equals(role.toLowerCase(Locale.ROOT));
  }

  /** The lower-case GUID of a role definition id in any of its spellings, or null for a role name. */
  static String guidOf(String role) {
    Matcher m = ID.matcher(role);
    return m.matches() ? m.group(1).toLowerCase(Locale.ROOT) : null;
  }
}

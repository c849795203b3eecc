package dev.jitbroker.request;

import java.util.Locale;
import java.util.regex.Pattern;

/** An Azure role: a built-in role name such as {@code Reader}, or a role definition id. */
public record RoleRef(String value) {

  public static final int MAX_LENGTH = 256;

  private static final String GUID = "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}";
  private static final Pattern ID =
      Pattern.compile(
          "^(?:/subscriptions/" + GUID + ")?/providers/Microsoft\\.Authorization/roleDefinitions/" + GUID + "$|^" + GUID + "$",
          Pattern.CASE_INSENSITIVE);
  private static final Pattern BARE_GUID = Pattern.compile("^" + GUID + "$");
  private static final Pattern NAME = Pattern.compile("^[\\p{L}\\p{N}][\\p{L}\\p{N} ()._\\-]{0,127}$");

  public RoleRef {
    if (value == null || value.isEmpty()) {
      throw new IllegalArgumentException("is required");
    }
    if (value.length() > MAX_LENGTH) {
      throw new IllegalArgumentException("must be at most " + MAX_LENGTH + " characters");
    }
    if (ID.matcher(value).matches()) {
      value = value.toLowerCase(Locale.ROOT)
          .replace("/providers/microsoft.authorization/roledefinitions/", "/providers/Microsoft.Authorization/roleDefinitions/");
    } else if (value.startsWith("/") || !NAME.matcher(value).matches() || value.endsWith(" ")) {
      throw new IllegalArgumentException(
          "must be a built-in role name (for example 'Reader') or a role definition id "
              + "(a GUID, or /providers/Microsoft.Authorization/roleDefinitions/{guid})");
    }
  }

  /** Whether this names a role definition id rather than a role name. */
  public boolean isDefinitionId() {
    return value.startsWith("/") || BARE_GUID.matcher(value).matches();
  }

  @Override
  public String toString() {
    return value;
  }
}

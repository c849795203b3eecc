package dev.jitbroker.request;

import java.util.Locale;
import java.util.regex.Pattern;

/** The Entra ID object id of the user, group or service principal that receives the access. */
public record PrincipalId(String value) {

  private static final Pattern GUID =
      Pattern.compile("^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$");

  public PrincipalId {
    if (value == null || value.isEmpty()) {
      throw new IllegalArgumentException("is required");
    }
    if (!GUID.matcher(value).matches()) {
      throw new IllegalArgumentException("must be an Entra ID object id (a GUID such as 6b1f0c0e-2c52-4c4b-9c55-4f0c2b1a7e3d)");
    }
    value = value.toLowerCase(Locale.ROOT);
  }

  /** Whether {@code text} has the shape of an object id. */
  public static boolean looksValid(String text) {
    return text != null && GUID.matcher(text).matches();
  }

  @Override
  public String toString() {
    return value;
  }
}

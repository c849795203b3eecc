package dev.jitbroker.request;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An Azure Resource Manager scope: a subscription, a resource group, or a resource.
 *
 * <p>Keywords ({@code subscriptions}, {@code resourceGroups}, {@code providers}) and the subscription
 * id are normalized to one spelling; names keep the caller's case, as ARM compares them
 * case-insensitively.
 */
public record Scope(String armId) {

  /** What an ARM scope points at. */
  public enum Kind { SUBSCRIPTION, RESOURCE_GROUP, RESOURCE }

  public static final int MAX_LENGTH = 1024;

  private static final String GUID = "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}";
  // Resource group names: letters, digits, underscores, hyphens, periods and parentheses; not ending in a period.
  private static final String RG = "[\\p{L}\\p{N}_\\-.()]{0,89}[\\p{L}\\p{N}_\\-()]";
  private static final String NAMESPACE = "[A-Za-z][A-Za-z0-9]*(?:\\.[A-Za-z][A-Za-z0-9]*)+";
  private static final String TYPE = "[A-Za-z][A-Za-z0-9]*";
  private static final String NAME = "[^/\\\\?#%&<>*\\p{Cntrl}\\s](?:[^/\\\\?#%&<>*\\p{Cntrl}]{0,258}[^/\\\\?#%&<>*\\p{Cntrl}\\s])?";
  private static final Pattern SHAPE =
      Pattern.compile(
          "^/subscriptions/(" + GUID + ")"
              + "(?:/resourceGroups/(" + RG + ")"
              + "(?:/providers/(" + NAMESPACE + ")((?:/" + TYPE + "/" + NAME + ")+))?)?$",
          Pattern.CASE_INSENSITIVE);

  public Scope {
    if (armId == null || armId.isEmpty()) {
      throw new IllegalArgumentException("is required");
    }
    if (armId.length() > MAX_LENGTH) {
      throw new IllegalArgumentException("must be at most " + MAX_LENGTH + " characters");
    }
    Matcher m = SHAPE.matcher(armId);
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "must be an ARM resource id of a subscription (/subscriptions/{guid}), a resource group "
              + "(/subscriptions/{guid}/resourceGroups/{name}) or a resource "
              + "(/subscriptions/{guid}/resourceGroups/{name}/providers/{Namespace}/{type}/{name})");
    }
    StringBuilder canonical = new StringBuilder("/subscriptions/").append(m.group(1).toLowerCase(Locale.ROOT));
    if (m.group(2) != null) {
      canonical.append("/resourceGroups/").append(m.group(2));
    }
    if (m.group(3) != null) {
      canonical.append("/providers/").append(m.group(3)).append(m.group(4));
    }
    armId = canonical.toString();
  }

  /** What this scope points at. */
  public Kind kind() {
    String[] parts = armId.split("/");
    if (parts.length == 3) {
      return Kind.SUBSCRIPTION;
    }
    return parts.length == 5 ? Kind.RESOURCE_GROUP : Kind.RESOURCE;
  }

  /** The subscription this scope lies in. */
  public String subscriptionId() {
    return armId.split("/")[2];
  }

  @Override
  public String toString() {
    return armId;
  }
}

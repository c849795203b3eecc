package dev.jitbroker.sandbox;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** An ARM path to a Microsoft.Authorization collection, or an item of it, under a scope. */
record ArmPath(String scope, Collection collection, Optional<String> name) {

  /** The Microsoft.Authorization collections the sandbox serves. */
  enum Collection {
    ROLE_ASSIGNMENTS("roleAssignments"),
    ROLE_DEFINITIONS("roleDefinitions");

    final String segment;

    Collection(String segment) {
      this.segment = segment;
    }

    static Optional<Collection> of(String segment) {
      for (Collection c : values()) {
        if (c.segment.equalsIgnoreCase(segment)) {
          return Optional.of(c);
        }
      }
      return Optional.empty();
    }
  }

  static final String PROVIDER = "Microsoft.Authorization";
  static final String ROOT = "/";

  ArmPath {
    scope = normalize(scope);
  }

  /**
   * Parses a path, tolerating repeated slashes (the Azure SDK sends {@code //subscriptions/...} for
   * scope-based calls) and any letter case in {@code providers/Microsoft.Authorization/...}.
   */
  static Optional<ArmPath> parse(String rawPath) {
    List<String> segments = segments(rawPath);
    // The last match wins: a resource scope may itself contain providers/{namespace}/... segments.
    for (int i = segments.size() - 3; i >= 0; i--) {
      if (segments.get(i).equalsIgnoreCase("providers")
          && segments.get(i + 1).equalsIgnoreCase(PROVIDER)) {
        Optional<Collection> collection = Collection.of(segments.get(i + 2));
        int rest = segments.size() - (i + 3);
        if (collection.isEmpty() || rest > 1) {
          return Optional.empty();
        }
        String scope = "/" + String.join("/", segments.subList(0, i));
        Optional<String> name = rest == 1 ? Optional.of(segments.get(i + 3)) : Optional.empty();
        return Optional.of(new ArmPath(scope, collection.get(), name));
      }
    }
    return Optional.empty();
  }

  /** Collapses repeated slashes and drops a trailing one; the empty path is the root scope {@code /}. */
  static String normalize(String path) {
    List<String> segments = segments(path);
    return segments.isEmpty() ? ROOT : "/" + String.join("/", segments);
  }

  /** The ARM id of an item of {@code collection} named {@code name} under {@code scope}. */
  static String id(String scope, Collection collection, String name) {
    String prefix = ROOT.equals(normalize(scope)) ? "" : normalize(scope);
    return prefix + "/providers/" + PROVIDER + "/" + collection.segment + "/" + name;
  }

  /** The subscription a scope lies in, lower-cased; empty for the tenant root and management groups. */
  static Optional<String> subscriptionOf(String path) {
    List<String> segments = segments(path);
    if (segments.size() >= 2 && segments.get(0).equalsIgnoreCase("subscriptions")) {
      return Optional.of(segments.get(1).toLowerCase(Locale.ROOT));
    }
    return Optional.empty();
  }

  /** Whether {@code ancestor} is {@code scope} itself or a scope above it (ARM scopes ignore case). */
  static boolean isAtOrAbove(String ancestor, String scope) {
    String a = normalize(ancestor).toLowerCase(Locale.ROOT);
    String s = normalize(scope).toLowerCase(Locale.ROOT);
    return a.equals(ROOT) || s.equals(a) || s.startsWith(a + "/");
  }

  /** Whether two scopes name the same place. */
  static boolean sameScope(String a, String b) {
    return normalize(a).equalsIgnoreCase(normalize(b));
  }

  private static List<String> segments(String path) {
    List<String> segments = new ArrayList<>();
    for (String s : (path == null ? "" : path).split("/")) {
      if (!s.isEmpty()) {
        segments.add(s);
      }
    }
    return segments;
  }
}

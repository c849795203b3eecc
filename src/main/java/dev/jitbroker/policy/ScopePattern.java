package dev.jitbroker.policy;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Where a rule applies: an exact ARM id, or a pattern in which {@code *} stands for any characters within
 * one path segment and a final {@code /**} for the prefix itself and everything below it. Case-insensitive.
 */
final class ScopePattern {

  private static final Pattern GUID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
  private static final Pattern SUBSCRIPTION_GLOB = Pattern.compile("[0-9a-f*-]+");
  // Characters ARM never allows in an id; a pattern holding one could never match.
  private static final Pattern FORBIDDEN = Pattern.compile("[\\\\?#%&<>\\p{Cntrl}]");

  private final String text;
  private final Pattern regex;
  private final boolean exact;
  private final int literals;

  private ScopePattern(String text, Pattern regex, boolean exact, int literals) {
    this.text = text;
    this.regex = regex;
    this.exact = exact;
    this.literals = literals;
  }

  /** Reads a pattern; the exception's message says what is wrong with it. */
  static ScopePattern parse(String text) {
    String lower = text.toLowerCase(Locale.ROOT);
    if (!lower.startsWith("/subscriptions/")) {
      throw new IllegalArgumentException("must start with /subscriptions/ followed by a subscription id or '*'");
    }
    if (FORBIDDEN.matcher(text).find() || !text.equals(text.strip())) {
      throw new IllegalArgumentException("contains characters an ARM id cannot hold (\\ ? # % & < >, control characters, "
          + "or surrounding spaces)");
    }
    if (lower.endsWith("/") || lower.contains("//")) {
      throw new IllegalArgumentException("has an empty path segment (a doubled or trailing '/')");
    }
    String[] segments = lower.substring(1).split("/");
    StringBuilder regex = new StringBuilder();
    int literals = 0;
    for (int i = 1; i < segments.length; i++) {
      String segment = segments[i];
      boolean last = i == segments.length - 1;
      if (segment.contains("**")) {
        if (!segment.equals("**") || !last) {
          throw new IllegalArgumentException("may use '**' only as its whole last segment, as in .../resourceGroups/shared/**");
        }
        if (i == 1) {
          throw new IllegalArgumentException("would cover every subscription; name one, or write /subscriptions/*/** "
              + "to mean every scope in every subscription");
        }
        regex.append("(?:/.*)?");
        continue;
      }
      checkSegment(i, segment);
      regex.append('/');
      String[] parts = segment.split("\\*", -1);
      for (int p = 0; p < parts.length; p++) {
        if (p > 0) {
          regex.append("[^/]*");
        }
        regex.append(Pattern.quote(parts[p]));
        literals += parts[p].length();
      }
      literals++;
    }
    String prefix = "/" + segments[0];
    return new ScopePattern(text, Pattern.compile(Pattern.quote(prefix) + regex),
        !text.contains("*"), literals + prefix.length());
  }

  private static void checkSegment(int index, String segment) {
    boolean wild = segment.contains("*");
    if (index == 1 && !(wild ? SUBSCRIPTION_GLOB.matcher(segment).matches() : GUID.matcher(segment).matches())) {
      throw new IllegalArgumentException("must name the subscription by its id (a GUID) or a pattern of one, such as '*'");
    }
    // Catch misspelt keywords, which would make the pattern silently match nothing.
    if (!wild && index == 2 && !segment.equals("resourcegroups")) {
      throw new IllegalArgumentException("must continue with /resourceGroups/ after the subscription (got '" + segment + "')");
    }
    if (!wild && index == 4 && !segment.equals("providers")) {
      throw new IllegalArgumentException("must continue with /providers/ after the resource group (got '" + segment + "')");
    }
  }

  /** The pattern as written in the document. */
  String text() {
    return text;
  }

  /** Whether the (canonical) ARM id {@code scope} lies within this pattern. */
  boolean matches(String scope) {
    return regex.matcher(scope.toLowerCase(Locale.ROOT)).matches();
  }

  /** Whether this names one scope rather than a pattern. */
  boolean exact() {
    return exact;
  }

  /** How many characters of the pattern are not wildcards; more means more specific. */
  int literals() {
    return literals;
  }
}

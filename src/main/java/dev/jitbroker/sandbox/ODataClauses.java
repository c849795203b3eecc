package dev.jitbroker.sandbox;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Splits an OData {@code $filter} into its {@code and}-joined clauses, leaving quoted text alone. */
final class ODataClauses {

  private ODataClauses() {}

  /** The trimmed clauses of {@code filter}; none for a blank filter. */
  static List<String> split(String filter) {
    List<String> clauses = new ArrayList<>();
    if (filter == null || filter.isBlank()) {
      return clauses;
    }
    String lower = filter.toLowerCase(Locale.ROOT);
    boolean quoted = false;
    int start = 0;
    for (int i = 0; i < filter.length(); i++) {
      char c = filter.charAt(i);
      if (c == '\'') {
        quoted = !quoted; // an escaped quote ('') toggles twice, so it stays inside the literal
      } else if (!quoted && Character.isWhitespace(c) && lower.startsWith("and", i + 1)
          && i + 4 < filter.length() && Character.isWhitespace(filter.charAt(i + 4))) {
        clauses.add(filter.substring(start, i).trim());
        start = i + 4;
        i += 3;
      }
    }
    clauses.add(filter.substring(start).trim());
    return clauses;
  }

  /** The text of an OData string literal's content, with {@code ''} turned back into {@code '}. */
  static String unquote(String literal) {
    return literal.replace("''", "'");
  }
}

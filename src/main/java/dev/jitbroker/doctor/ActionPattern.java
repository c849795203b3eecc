package dev.jitbroker.doctor;

import java.util.Locale;

/**
 * ARM action strings as role definitions hold them: {@code *} stands for any run of characters
 * (slashes included), everything else is literal, and letter case never matters.
 */
public final class ActionPattern {

  private ActionPattern() {}

  /**
   * Whether {@code granted} allows everything {@code wanted} names. A star in {@code wanted} is taken
   * literally, so it is covered only by a pattern whose own star spans it: {@code Microsoft.Network/*}
   * covers the wildcard {@code Microsoft.Network/networkInterfaces/*}{@code /read}, a single action under it does not.
   */
  public static boolean covers(String granted, String wanted) {
    String g = granted.toLowerCase(Locale.ROOT);
    String w = wanted.toLowerCase(Locale.ROOT);
    // Glob matching with backtracking to the last star: linear in practice for action strings.
    int gi = 0;
    int wi = 0;
    int star = -1;
    int mark = 0;
    while (wi < w.length()) {
      if (gi < g.length() && g.charAt(gi) == '*') {
        star = gi++;
        mark = wi;
      } else if (gi < g.length() && g.charAt(gi) == w.charAt(wi)) {
        gi++;
        wi++;
      } else if (star >= 0) {
        gi = star + 1;
        wi = ++mark;
      } else {
        return false;
      }
    }
    while (gi < g.length() && g.charAt(gi) == '*') {
      gi++;
    }
    return gi == g.length();
  }

  /** Whether some action matches both patterns: a notAction that overlaps what is wanted takes part of it away. */
  public static boolean overlaps(String a, String b) {
    String x = a.toLowerCase(Locale.ROOT);
    String y = b.toLowerCase(Locale.ROOT);
    Boolean[][] memo = new Boolean[x.length() + 1][y.length() + 1];
    return overlaps(x, 0, y, 0, memo);
  }

  private static boolean overlaps(String x, int i, String y, int j, Boolean[][] memo) {
    if (memo[i][j] != null) {
      return memo[i][j];
    }
    boolean result;
    if (i == x.length() && j == y.length()) {
      result = true;
    } else if (i < x.length() && x.charAt(i) == '*') {
      // The star matches nothing more, or it swallows y's next character (or y's own star's output).
      result = overlaps(x, i + 1, y, j, memo) || (j < y.length() && overlaps(x, i, y, j + 1, memo));
    } else if (j < y.length() && y.charAt(j) == '*') {
      result = overlaps(x, i, y, j + 1, memo) || (i < x.length() && overlaps(x, i + 1, y, j, memo));
    } else {
      result = i < x.length() && j < y.length() && x.charAt(i) == y.charAt(j) && overlaps(x, i + 1, y, j + 1, memo);
    }
    memo[i][j] = result;
    return result;
  }
}

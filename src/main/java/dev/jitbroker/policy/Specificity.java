package dev.jitbroker.policy;

import java.util.Comparator;

/**
 * How specifically a rule matched one request; compared part by part in this order, higher first: scope (an
 * exact id, then patterns by their literal characters, then no scopes), role named, requesters (users, then
 * groups, then anyone), grant types named.
 */
record Specificity(int scopeRank, int scopeLiterals, int role, int requester, int grantType)
    implements Comparable<Specificity> {

  static final int ANY_SCOPE = 0;
  static final int SCOPE_PATTERN = 1;
  static final int EXACT_SCOPE = 2;

  private static final Comparator<Specificity> ORDER = Comparator.comparingInt(Specificity::scopeRank)
      .thenComparingInt(Specificity::scopeLiterals)
      .thenComparingInt(Specificity::role)
      .thenComparingInt(Specificity::requester)
      .thenComparingInt(Specificity::grantType);

  @Override
  public int compareTo(Specificity other) {
    return ORDER.compare(this, other);
  }
}

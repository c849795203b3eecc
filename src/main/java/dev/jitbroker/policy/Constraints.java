package dev.jitbroker.policy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/** What a request must meet before its rule's outcome applies: a longest duration, a justification, a ticket. */
record Constraints(Duration maxDuration, Text justification, Text ticket) {

  /** A rule without a constraints section: justification required (as the request core already does), nothing else. */
  static final Constraints NONE = new Constraints(null, new Text(true, null), new Text(false, null));

  Constraints {
    Objects.requireNonNull(justification, "justification");
    Objects.requireNonNull(ticket, "ticket");
    if (maxDuration != null && (maxDuration.isNegative() || maxDuration.isZero())) {
      throw new IllegalArgumentException("maxDuration must be positive");
    }
  }

  /**
   * A text field's constraint. The pattern is searched for ({@link java.util.regex.Matcher#find()}), so it must
   * carry its own anchors ({@code ^...$}) to constrain the whole text.
   */
  record Text(boolean required, Pattern pattern) {

    boolean accepts(String value) {
      return pattern == null || pattern.matcher(value).find();
    }
  }

  /** The constraints {@code request} breaks, in words the requester can act on; empty when it meets them all. */
  List<Violation> check(RequestFacts request, String rule) {
    List<Violation> violations = new ArrayList<>();
    if (maxDuration != null && request.duration().compareTo(maxDuration) > 0) {
      violations.add(new Violation("duration", "rule '" + rule + "' allows at most " + maxDuration));
    }
    check("ticket", "a ticket", ticket, request.ticket(), rule, violations);
    check("justification", "a justification", justification, request.justification(), rule, violations);
    return violations;
  }

  private static void check(String field, String what, Text text, String value, String rule, List<Violation> out) {
    boolean missing = value == null || value.isBlank();
    if (missing && !text.required()) {
      return;
    }
    if (missing || !text.accepts(value)) {
      out.add(new Violation(field, "rule '" + rule + "' requires " + what
          + (text.pattern() == null ? "" : " that matches " + text.pattern().pattern())));
    }
  }
}

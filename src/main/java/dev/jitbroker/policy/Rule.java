package dev.jitbroker.policy;

import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

/** One rule of a policy: which requests it is about, what they must meet, and what happens to them. */
record Rule(String name, Match match, Constraints constraints, Outcome outcome) {

  static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

  Rule {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("bad rule name: " + name);
    }
    Objects.requireNonNull(match, "match");
    Objects.requireNonNull(constraints, "constraints");
    Objects.requireNonNull(outcome, "outcome");
    if (!(outcome instanceof Outcome.Deny) && match.scopes().isEmpty()) {
      throw new IllegalArgumentException("a rule that grants must name scopes");
    }
  }

  /** The longest duration this rule lets through, or null when it sets none. */
  Duration maxDuration() {
    Duration limit = constraints.maxDuration();
    if (outcome instanceof Outcome.Auto auto && auto.maxDuration() != null) {
      return limit == null || auto.maxDuration().compareTo(limit) < 0 ? auto.maxDuration() : limit;
    }
    return limit;
  }

  /** The rule as a requester may see it. */
  EligibleRule describe() {
    return new EligibleRule(
        name,
        match.scopes().stream().map(ScopePattern::text).toList(),
        match.roles().stream().map(RolePattern::text).toList(),
        match.grantTypes(),
        outcome.word(),
        maxDuration(),
        outcome instanceof Outcome.Approval a ? a.rule() : null,
        outcome instanceof Outcome.Auto a && a.window() != null ? a.window().describe() : null);
  }

}

package dev.jitbroker.policy;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One rule of a policy: which requests it is about, what they must meet, and what happens to them.
 *
 * @param notifyChannels the channels (by configured name) approvers are told of pending requests on
 */
record Rule(String name, Match match, Constraints constraints, Outcome outcome, List<String> notifyChannels) {

  static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

  Rule {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("bad rule name: " + name);
    }
    Objects.requireNonNull(match, "match");
    Objects.requireNonNull(constraints, "constraints");
    Objects.requireNonNull(outcome, "outcome");
    notifyChannels = notifyChannels == null ? List.of() : List.copyOf(notifyChannels);
    if (!(outcome instanceof Outcome.Deny) && match.scopes().isEmpty()) {
      throw new IllegalArgumentException("a rule that grants must name scopes");
    }
  }

  Rule(String name, Match match, Constraints constraints, Outcome outcome) {
    this(name, match, constraints, outcome, List.of());
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

package dev.jitbroker.policy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** A parsed, validated policy document: immutable, safe to share between threads. */
public final class Policy {

  private final String text;
  private final List<Rule> rules;

  private Policy(String text, List<Rule> rules) {
    this.text = text;
    this.rules = List.copyOf(rules);
  }

  /** Parses and validates a YAML document; every problem is reported with its line. */
  public static Policy parse(String yaml) {
    Objects.requireNonNull(yaml, "yaml");
    return new Policy(yaml, PolicyParser.parse(yaml));
  }

  /** The document as it was given. */
  public String text() {
    return text;
  }

  /** The names of the rules, in document order. */
  public List<String> ruleNames() {
    return rules.stream().map(Rule::name).toList();
  }

  /** Routes a request at {@code now}: the most specific matching rule decides; no match denies. */
  public Routing route(RequestFacts request, Instant now) {
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(now, "now");
    record Candidate(Rule rule, Specificity specificity) {}
    List<Candidate> candidates = new ArrayList<>();
    for (Rule rule : rules) {
      Specificity s = rule.match().specificity(request);
      if (s != null) {
        candidates.add(new Candidate(rule, s));
      }
    }
    // List.sort is stable, so equally specific rules keep their document order.
    candidates.sort(Comparator.comparing(Candidate::specificity).reversed());
    for (Candidate c : candidates) {
      if (c.rule().outcome() instanceof Outcome.Auto auto
          && (!auto.applies(request.duration(), now) || !forThemselves(request))) {
        continue;
      }
      return decide(c.rule(), request);
    }
    return new Routing.Deny(null, "No policy rule allows this request: " + request.scope() + ", " + request.role()
        + ", " + request.grantType() + ". Ask your platform team for a rule that covers it.");
  }

  // Nobody gets access approved at once for someone else: that always needs a person's decision.
  private static boolean forThemselves(RequestFacts request) {
    return request.principalId() == null || request.principalId().equalsIgnoreCase(request.requester().id());
  }

  private static Routing decide(Rule rule, RequestFacts request) {
    List<Violation> violations = rule.constraints().check(request, rule.name());
    if (!violations.isEmpty()) {
      return new Routing.ConstraintsNotMet(rule.name(), violations);
    }
    Outcome outcome = rule.outcome();
    if (outcome instanceof Outcome.Auto) {
      return new Routing.AutoApprove(rule.name(), rule.maxDuration());
    }
    if (outcome instanceof Outcome.Approval approval) {
      return new Routing.NeedsApproval(rule.name(), approval.rule(), rule.maxDuration());
    }
    return new Routing.Deny(rule.name(), ((Outcome.Deny) outcome).message());
  }

  /** The channels approvers of the named rule are told of pending requests on; empty when it names none. */
  public List<String> notifyChannels(String ruleName) {
    return rules.stream().filter(r -> r.name().equals(ruleName)).findFirst().map(Rule::notifyChannels).orElse(List.of());
  }

  /** The approval outcome of the named rule, if it is an approval rule. */
  public Optional<ApprovalRule> approvalRule(String ruleName) {
    return rules.stream()
        .filter(r -> r.name().equals(ruleName) && r.outcome() instanceof Outcome.Approval)
        .map(r -> ((Outcome.Approval) r.outcome()).rule())
        .findFirst();
  }

  /** The non-deny rules whose requester part admits {@code requester}, in document order. */
  public List<EligibleRule> eligibleFor(Requester requester) {
    Objects.requireNonNull(requester, "requester");
    return rules.stream()
        .filter(r -> !(r.outcome() instanceof Outcome.Deny))
        .filter(r -> RequesterMatch.admits(r.match().requesters(), requester) != RequesterMatch.NO)
        .map(Rule::describe)
        .toList();
  }

  @Override
  public String toString() {
    return "Policy" + ruleNames();
  }
}

package dev.jitbroker.policy;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** A parsed, validated policy document: immutable, safe to share between threads. */
public final class Policy {

  /** Parses and validates a YAML document; every problem is reported with its line. */
  public static Policy parse(String yaml) {
    throw new UnsupportedOperationException("TODO");
  }

  /** The document as it was given. */
  public String text() {
    throw new UnsupportedOperationException("TODO");
  }

  /** Routes a request at {@code now}: the most specific matching rule decides; no match denies. */
  public Routing route(RequestFacts request, Instant now) {
    throw new UnsupportedOperationException("TODO");
  }

  /** The approval outcome of the named rule, if it is an approval rule. */
  public Optional<ApprovalRule> approvalRule(String ruleName) {
    throw new UnsupportedOperationException("TODO");
  }

  /** The non-deny rules whose requester part admits {@code requester}, in document order. */
  public List<EligibleRule> eligibleFor(Requester requester) {
    throw new UnsupportedOperationException("TODO");
  }
}

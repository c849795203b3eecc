package dev.jitbroker.policy;

import java.time.Duration;
import java.util.List;

/** What the policy does with a request. */
public sealed interface Routing
    permits Routing.AutoApprove, Routing.NeedsApproval, Routing.Deny, Routing.ConstraintsNotMet {

  /** The name of the rule that decided, or null when no rule matched. */
  String rule();

  /** Approved at once. */
  record AutoApprove(String rule, Duration maxDuration) implements Routing {}

  /** Named approvers must decide. */
  record NeedsApproval(String rule, ApprovalRule approval, Duration maxDuration) implements Routing {}

  /** Refused; {@code message} is shown to the requester. {@code rule} is null when nothing matched. */
  record Deny(String rule, String message) implements Routing {}

  /** The matching rule's constraints (duration, justification, ticket) are not met; the requester can fix them. */
  record ConstraintsNotMet(String rule, List<Violation> violations) implements Routing {}
}

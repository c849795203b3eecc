package dev.jitbroker.policy;

import java.time.Duration;
import java.util.Objects;

/** After {@code after} without the request being decided, {@code approvers} may decide it too. */
public record Escalation(Duration after, ApproverSet approvers) {
  public Escalation {
    Objects.requireNonNull(after, "after");
    Objects.requireNonNull(approvers, "approvers");
    if (after.isNegative() || after.isZero()) {
      throw new IllegalArgumentException("an escalation's delay must be positive");
    }
    if (approvers.isEmpty()) {
      throw new IllegalArgumentException("an escalation must name at least one approver");
    }
  }
}

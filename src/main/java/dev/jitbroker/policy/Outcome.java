package dev.jitbroker.policy;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/** What a rule does with the requests it decides. */
sealed interface Outcome permits Outcome.Auto, Outcome.Approval, Outcome.Deny {

  /** The word used in documents and in {@link EligibleRule#outcome()}. */
  String word();

  /** Approve at once, within an optional longest duration and time window. */
  record Auto(Duration maxDuration, TimeWindow window) implements Outcome {
    public Auto {
      if (maxDuration != null && (maxDuration.isNegative() || maxDuration.isZero())) {
        throw new IllegalArgumentException("maxDuration must be positive");
      }
    }

    /** Whether this rule may decide a request of {@code duration} at {@code now}; if not, the next rule is tried. */
    boolean applies(Duration duration, Instant now) {
      return (maxDuration == null || duration.compareTo(maxDuration) <= 0) && (window == null || window.contains(now));
    }

    @Override
    public String word() {
      return "auto";
    }
  }

  /** Route to approvers. */
  record Approval(ApprovalRule rule) implements Outcome {
    public Approval {
      Objects.requireNonNull(rule, "rule");
    }

    @Override
    public String word() {
      return "approval";
    }
  }

  /** Refuse, with a message for the requester. */
  record Deny(String message) implements Outcome {
    public Deny {
      if (message == null || message.isBlank()) {
        throw new IllegalArgumentException("a deny outcome needs a message");
      }
    }

    @Override
    public String word() {
      return "deny";
    }
  }
}

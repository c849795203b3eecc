package dev.jitbroker.request;

import java.time.Duration;

/**
 * The limits the lifecycle enforces until a policy narrows them.
 *
 * @param maxDuration the longest access a request may ask for
 * @param pendingTimeout how long a request may wait for a decision before it times out
 * @param minDuration the shortest access a request may ask for
 */
public record LifecycleSettings(Duration maxDuration, Duration pendingTimeout, Duration minDuration) {
  /** The shortest access a request may ask for, unless configured otherwise. */
  public static final Duration MIN_DURATION = Duration.ofMinutes(5);

  public LifecycleSettings {
    if (minDuration.isNegative() || minDuration.isZero()) {
      throw new IllegalArgumentException("the minimum duration must be positive");
    }
    if (maxDuration.compareTo(minDuration) < 0) {
      throw new IllegalArgumentException("the maximum duration must be at least " + minDuration);
    }
    if (pendingTimeout.isNegative() || pendingTimeout.isZero()) {
      throw new IllegalArgumentException("the pending timeout must be positive");
    }
  }

  /** The limits with the default minimum duration. */
  public LifecycleSettings(Duration maxDuration, Duration pendingTimeout) {
    this(maxDuration, pendingTimeout, MIN_DURATION);
  }
}

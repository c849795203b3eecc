package dev.jitbroker.request;

import java.time.Duration;

/**
 * The limits the lifecycle enforces until a policy narrows them.
 *
 * @param maxDuration the longest access a request may ask for
 * @param pendingTimeout how long a request may wait for a decision before it times out
 */
public record LifecycleSettings(Duration maxDuration, Duration pendingTimeout) {
  /** The shortest access a request may ask for. */
  public static final Duration MIN_DURATION = Duration.ofMinutes(5);

  public LifecycleSettings {
    if (maxDuration.compareTo(MIN_DURATION) < 0) {
      throw new IllegalArgumentException("the maximum duration must be at least " + MIN_DURATION);
    }
    if (pendingTimeout.isNegative() || pendingTimeout.isZero()) {
      throw new IllegalArgumentException("the pending timeout must be positive");
    }
  }
}

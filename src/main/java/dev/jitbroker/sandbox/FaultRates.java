package dev.jitbroker.sandbox;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Faults injected at rates, drawn from a random sequence seeded with {@code seed}, so one seed and one
 * order of calls give the same faults every time.
 *
 * @param errorRate the share of calls that answer one of {@code errorStatuses} (drawn evenly)
 * @param throttleRate the share of calls that start a burst of {@code throttleBurst} 429s in a row,
 *     each with {@code Retry-After: retryAfter}
 * @param slowRate the share of calls held {@code slowLatency} before they are answered (on top of any
 *     fixed latency), whatever their answer
 */
record FaultRates(long seed, double errorRate, List<Integer> errorStatuses, double throttleRate, int throttleBurst,
    Duration retryAfter, double slowRate, Duration slowLatency) {

  /** The statuses an injected error may have: ARM's transient server errors. */
  static final List<Integer> ERROR_STATUSES = List.of(500, 502, 503, 504);
  static final Duration MAX_LATENCY = Duration.ofMinutes(1);
  static final Duration MAX_RETRY_AFTER = Duration.ofMinutes(5);

  /** No fault at any rate. */
  static final FaultRates NONE = new FaultRates(0, 0, List.of(500, 503), 0, 1, Duration.ofSeconds(1), 0, Duration.ZERO);

  FaultRates {
    rate("errorRate", errorRate);
    rate("throttleRate", throttleRate);
    rate("slowRate", slowRate);
    if (errorRate + throttleRate > 1) {
      throw new IllegalArgumentException("errorRate and throttleRate together must not exceed 1, were "
          + errorRate + " and " + throttleRate);
    }
    errorStatuses = List.copyOf(Objects.requireNonNull(errorStatuses, "errorStatuses"));
    if (errorStatuses.isEmpty() || !ERROR_STATUSES.containsAll(errorStatuses)) {
      throw new IllegalArgumentException("errorStatuses must be one or more of " + ERROR_STATUSES + ", were " + errorStatuses);
    }
    if (throttleBurst < 1 || throttleBurst > 1000) {
      throw new IllegalArgumentException("throttleBurst must be 1 to 1000, was " + throttleBurst);
    }
    within("retryAfter", retryAfter, Duration.ofSeconds(1), MAX_RETRY_AFTER);
    if (retryAfter.getNano() != 0) {
      throw new IllegalArgumentException("retryAfter must be whole seconds (Retry-After counts seconds), was " + retryAfter);
    }
    within("slowLatency", slowLatency, Duration.ZERO, MAX_LATENCY);
  }

  /** Whether any fault is injected at all. */
  boolean any() {
    return errorRate > 0 || throttleRate > 0 || (slowRate > 0 && !slowLatency.isZero());
  }

  private static void rate(String name, double value) {
    if (!(value >= 0 && value <= 1)) {
      throw new IllegalArgumentException(name + " must be between 0 and 1, was " + value);
    }
  }

  private static void within(String name, Duration value, Duration min, Duration max) {
    Objects.requireNonNull(value, name);
    if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
      throw new IllegalArgumentException(name + " must be between " + min + " and " + max + ", was " + value);
    }
  }
}

package dev.jitbroker.sandbox;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/** ARM's write budget for one subscription: a bucket of {@code capacity} tokens refilled at a steady rate. */
final class TokenBucket {

  /** The outcome of asking for a token: granted or not, tokens left, and when to try again if not. */
  record Take(boolean granted, long remaining, Duration retryAfter) {}

  private static final double NANOS_PER_SECOND = 1_000_000_000d;

  private final int capacity;
  private final double refillPerSecond;
  private final Clock clock;
  private double tokens;
  private Instant refilledAt;

  TokenBucket(int capacity, double refillPerSecond, Clock clock) {
    checkSettings(capacity, refillPerSecond);
    this.capacity = capacity;
    this.refillPerSecond = refillPerSecond;
    this.clock = clock;
    this.tokens = capacity;
    this.refilledAt = clock.instant();
  }

  /** Refuses a bucket that could never grant a write, or never refill. */
  static void checkSettings(int capacity, double refillPerSecond) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be at least 1, was " + capacity);
    }
    if (!(refillPerSecond > 0)) {
      throw new IllegalArgumentException("refill per second must be positive, was " + refillPerSecond);
    }
  }

  /** Takes one token if there is one; otherwise says how many whole seconds until there will be (at least 1). */
  synchronized Take take() {
    refill();
    if (tokens >= 1) {
      tokens -= 1;
      return new Take(true, remaining(), Duration.ZERO);
    }
    long seconds = (long) Math.ceil((1 - tokens) / refillPerSecond);
    return new Take(false, 0, Duration.ofSeconds(Math.max(1, seconds)));
  }

  /** Whole tokens left now. */
  synchronized long available() {
    refill();
    return remaining();
  }

  private long remaining() {
    return (long) Math.floor(tokens);
  }

  private void refill() {
    Instant now = clock.instant();
    Duration elapsed = Duration.between(refilledAt, now);
    // A clock that steps back must not drain the bucket; the next forward step refills from here.
    if (!elapsed.isNegative()) {
      tokens = Math.min(capacity, tokens + elapsed.toNanos() / NANOS_PER_SECOND * refillPerSecond);
    }
    refilledAt = now;
  }
}

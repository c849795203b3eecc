package dev.jitbroker.grant.azure;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Paces ARM writes per subscription to Azure's budget (a bucket of {@code burst} writes refilled at
 * {@code perSecond}), so that thousands of grants or expiries due at once drain at the budget instead
 * of collecting 429s. Each replica paces itself; give each replica its share of the budget.
 */
final class WriteBudget {

  private final int burst;
  private final double perSecond;
  private final Clock clock;
  private final Map<String, double[]> buckets = new HashMap<>();

  WriteBudget(int burst, double perSecond, Clock clock) {
    if (burst < 1 || perSecond <= 0) {
      throw new IllegalArgumentException("the write budget needs a burst of at least 1 and a positive rate");
    }
    this.burst = burst;
    this.perSecond = perSecond;
    this.clock = clock;
  }

  /**
   * Takes one write from the subscription's bucket when one is there (returns zero), or says how long
   * until one will be (takes nothing).
   */
  synchronized Duration take(String subscription) {
    // instant(), not millis(): a microsecond tick clock divides by zero in millis() on this JDK.
    long now = clock.instant().toEpochMilli();
    double[] bucket = buckets.computeIfAbsent(subscription, s -> new double[] {burst, now});
    bucket[0] = Math.min(burst, bucket[0] + (now - bucket[1]) / 1000.0 * perSecond);
    bucket[1] = now;
    if (bucket[0] >= 1) {
      bucket[0] -= 1;
      return Duration.ZERO;
    }
    return Duration.ofMillis((long) Math.ceil((1 - bucket[0]) / perSecond * 1000));
  }

  /** Waits (up to {@code patience}) for a write; false when the wait would be longer. */
  boolean acquire(String subscription, Duration patience) throws InterruptedException {
    long deadline = System.nanoTime() + patience.toNanos();
    while (true) {
      Duration wait = take(subscription);
      if (wait.isZero()) {
        return true;
      }
      if (System.nanoTime() + wait.toNanos() > deadline) {
        return false;
      }
      Thread.sleep(Math.max(1, wait.toMillis()));
    }
  }
}

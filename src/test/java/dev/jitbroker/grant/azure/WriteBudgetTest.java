package dev.jitbroker.grant.azure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class WriteBudgetTest {

  /** A clock the test moves. */
  static final class MovableClock extends Clock {
    private Instant now = Instant.parse("2026-01-01T00:00:00Z");

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  @Test
  void aFullBucket_allowsTheBurst_thenSaysHowLongToWait() {
    MovableClock clock = new MovableClock();
    WriteBudget budget = new WriteBudget(3, 10, clock);
    for (int i = 0; i < 3; i++) {
      assertEquals(Duration.ZERO, budget.take("s"));
    }
    assertEquals(Duration.ofMillis(100), budget.take("s"));
  }

  @Test
  void theBucket_refillsAtTheRate_upToTheBurst() {
    MovableClock clock = new MovableClock();
    WriteBudget budget = new WriteBudget(2, 10, clock);
    budget.take("s");
    budget.take("s");
    clock.advance(Duration.ofMillis(100));
    assertEquals(Duration.ZERO, budget.take("s"));
    assertEquals(Duration.ofMillis(100), budget.take("s"));
    clock.advance(Duration.ofHours(1));
    assertEquals(Duration.ZERO, budget.take("s"));
    assertEquals(Duration.ZERO, budget.take("s"));
    assertEquals(Duration.ofMillis(100), budget.take("s"), "never more than the burst");
  }

  @Test
  void subscriptions_haveTheirOwnBuckets() {
    MovableClock clock = new MovableClock();
    WriteBudget budget = new WriteBudget(1, 1, clock);
    assertEquals(Duration.ZERO, budget.take("a"));
    assertEquals(Duration.ZERO, budget.take("b"));
    assertEquals(Duration.ofSeconds(1), budget.take("a"));
  }

  @Test
  void aBudgetWithoutWrites_isRefused() {
    assertThrows(IllegalArgumentException.class, () -> new WriteBudget(0, 10, Clock.systemUTC()));
    assertThrows(IllegalArgumentException.class, () -> new WriteBudget(1, 0, Clock.systemUTC()));
  }
}

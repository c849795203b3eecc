package dev.jitbroker.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TokenBucketTest {

  private final MutableClock clock = new MutableClock(Instant.parse("2025-01-01T00:00:00Z"));

  @Test
  void take_grantsTheWholeBurstAtOnce_thenRefuses() {
    TokenBucket bucket = new TokenBucket(200, 10, clock);
    for (int i = 199; i >= 0; i--) {
      TokenBucket.Take take = bucket.take();
      assertTrue(take.granted());
      assertEquals(i, take.remaining());
    }
    TokenBucket.Take refused = bucket.take();
    assertFalse(refused.granted());
    assertEquals(0, refused.remaining());
    assertEquals(Duration.ofSeconds(1), refused.retryAfter());
  }

  @Test
  void take_whenEmpty_retryAfterIsTheWholeSecondsUntilOneTokenExists() {
    TokenBucket bucket = new TokenBucket(2, 0.25, clock);
    bucket.take();
    bucket.take();
    assertEquals(Duration.ofSeconds(4), bucket.take().retryAfter());
    clock.advance(Duration.ofMillis(1500));
    assertEquals(Duration.ofSeconds(3), bucket.take().retryAfter(), "2.5 s left, rounded up");
    clock.advance(Duration.ofMillis(2500));
    assertTrue(bucket.take().granted());
  }

  @Test
  void take_whenAlmostRefilled_retryAfterIsAtLeastOneSecond() {
    TokenBucket bucket = new TokenBucket(1, 10, clock);
    bucket.take();
    clock.advance(Duration.ofMillis(99));
    TokenBucket.Take refused = bucket.take();
    assertFalse(refused.granted());
    assertEquals(Duration.ofSeconds(1), refused.retryAfter());
  }

  @Test
  void refill_addsTokensAtTheRate_upToTheCapacity() {
    TokenBucket bucket = new TokenBucket(5, 1, clock);
    for (int i = 0; i < 5; i++) {
      bucket.take();
    }
    clock.advance(Duration.ofSeconds(3));
    assertEquals(3, bucket.available());
    clock.advance(Duration.ofHours(1));
    assertEquals(5, bucket.available(), "never above the capacity");
  }

  @Test
  void available_takesNoToken() {
    TokenBucket bucket = new TokenBucket(3, 1, clock);
    assertEquals(3, bucket.available());
    assertEquals(3, bucket.available());
    assertEquals(2, bucket.take().remaining());
  }

  @Test
  void clockSteppingBack_doesNotDrainOrOverfill() {
    TokenBucket bucket = new TokenBucket(2, 1, clock);
    bucket.take();
    clock.advance(Duration.ofSeconds(-30));
    assertEquals(1, bucket.available());
    clock.advance(Duration.ofSeconds(1));
    assertEquals(2, bucket.available());
  }

  @Test
  void settings_thatCouldNeverGrantOrRefill_areRefused() {
    assertThrows(IllegalArgumentException.class, () -> new TokenBucket(0, 10, clock));
    assertThrows(IllegalArgumentException.class, () -> new TokenBucket(10, 0, clock));
    assertThrows(IllegalArgumentException.class, () -> new WriteThrottle(10, -1, clock));
  }

  @Test
  void throttle_keepsOneBucketPerSubscription_ignoringCase() {
    WriteThrottle throttle = new WriteThrottle(1, 1, clock);
    String a = "/subscriptions/AAAA/resourceGroups/rg/providers/Microsoft.Authorization/roleAssignments/x";
    assertTrue(throttle.take(a).granted());
    assertFalse(throttle.take("//subscriptions/aaaa/providers/Microsoft.Authorization/roleAssignments/y").granted());
    assertTrue(throttle.take("/subscriptions/bbbb/providers/Microsoft.Authorization/roleAssignments/x").granted());
    throttle.reset();
    assertTrue(throttle.take(a).granted(), "reset refills every bucket");
  }
}

package dev.jitbroker.sandbox;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** One write token bucket per subscription, as ARM keeps them; scopes outside any subscription share one. */
final class WriteThrottle {

  private static final String OUTSIDE_SUBSCRIPTIONS = "";

  private final int burst;
  private final double refillPerSecond;
  private final Clock clock;
  private final Map<String, TokenBucket> buckets = new ConcurrentHashMap<>();

  WriteThrottle(int burst, double refillPerSecond, Clock clock) {
    TokenBucket.checkSettings(burst, refillPerSecond);
    this.burst = burst;
    this.refillPerSecond = refillPerSecond;
    this.clock = clock;
  }

  /** Takes a write token for the subscription that {@code path} lies in. */
  TokenBucket.Take take(String path) {
    return bucket(path).take();
  }

  /** Write tokens left for the subscription that {@code path} lies in, taking none. */
  long available(String path) {
    return bucket(path).available();
  }

  void reset() {
    buckets.clear();
  }

  private TokenBucket bucket(String path) {
    String subscription = ArmPath.subscriptionOf(path).orElse(OUTSIDE_SUBSCRIPTIONS);
    return buckets.computeIfAbsent(subscription, s -> new TokenBucket(burst, refillPerSecond, clock));
  }
}

package dev.jitbroker.sandbox;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Random;
import java.util.TreeMap;

/**
 * Injected trouble for tests: the next N ARM calls fail with a status or time out, latency added to
 * every call, and faults at rates ({@link FaultRates}): errors, bursts of 429s, slow calls.
 */
final class Faults {

  /** What the rates inject into one call: latency to add, and the error to answer instead, if any. */
  record Draw(Duration latency, Optional<ArmError> failure) {
    static final Draw NONE = new Draw(Duration.ZERO, Optional.empty());
  }

  /** The "status" of a call that is never answered: the caller's own timeout ends it. */
  static final int TIMEOUT = 0;

  /** How long an injected timeout holds the call before dropping the connection unanswered. */
  static final Duration HOLD = Duration.ofSeconds(20);

  private int failuresLeft;
  private int failureStatus;
  private volatile Duration latency = Duration.ZERO;
  private FaultRates rates = FaultRates.NONE;
  private Random random = new Random(0);
  private int throttledLeft;
  private final Map<String, Long> injected = new TreeMap<>();

  /**
   * The next {@code count} ARM calls answer {@code status} with ARM's error body: 403 (the caller lacks
   * the permission), 429 (throttled, with Retry-After), 500 or 503; or, for {@link #TIMEOUT}, are never
   * answered.
   */
  synchronized void failNext(int count, int status) {
    if (count < 0) {
      throw new IllegalArgumentException("count must not be negative, was " + count);
    }
    if (status != TIMEOUT && status != 403 && status != 429 && status != 500 && status != 503) {
      throw new IllegalArgumentException("status must be 403, 429, 500, 503 or \"timeout\", was " + status);
    }
    failuresLeft = count;
    failureStatus = status;
  }

  /** Whether this call is to go unanswered, using up one of the injected failures. */
  synchronized boolean takeTimeout() {
    if (failuresLeft == 0 || failureStatus != TIMEOUT) {
      return false;
    }
    failuresLeft--;
    return true;
  }

  /** The status to fail this call with, using up one of the injected failures; empty when none is left. */
  synchronized OptionalInt takeFailure() {
    if (failuresLeft == 0 || failureStatus == TIMEOUT) {
      return OptionalInt.empty();
    }
    failuresLeft--;
    return OptionalInt.of(failureStatus);
  }

  void latency(Duration added) {
    Objects.requireNonNull(added, "latency");
    if (added.isNegative()) {
      throw new IllegalArgumentException("latency must not be negative, was " + added);
    }
    latency = added;
  }

  Duration latency() {
    return latency;
  }

  /** Injects faults at {@code rates} from now on, with the random sequence started afresh from their seed. */
  synchronized void rates(FaultRates rates) {
    this.rates = Objects.requireNonNull(rates, "rates");
    random = new Random(rates.seed());
    throttledLeft = 0;
    injected.clear();
  }

  synchronized FaultRates rates() {
    return rates;
  }

  /**
   * Draws what the rates inject into the next call. Every call draws the same three numbers, whatever
   * they decide, so a seed gives one sequence of faults however the calls fare.
   */
  synchronized Draw draw() {
    if (!rates.any()) {
      return Draw.NONE;
    }
    boolean slow = random.nextDouble() < rates.slowRate() && !rates.slowLatency().isZero();
    double kind = random.nextDouble();
    int pick = random.nextInt(rates.errorStatuses().size());
    Duration added = slow ? rates.slowLatency() : Duration.ZERO;
    if (slow) {
      count("slow");
    }
    if (throttledLeft > 0) {
      throttledLeft--;
      return new Draw(added, Optional.of(throttled()));
    }
    if (kind < rates.throttleRate()) {
      throttledLeft = rates.throttleBurst() - 1;
      count("bursts");
      return new Draw(added, Optional.of(throttled()));
    }
    if (kind < rates.throttleRate() + rates.errorRate()) {
      int status = rates.errorStatuses().get(pick);
      count(Integer.toString(status));
      return new Draw(added, Optional.of(failure(status)));
    }
    return new Draw(added, Optional.empty());
  }

  /** How many faults the rates injected since they were set: by status, plus "bursts" of 429s and "slow" calls. */
  synchronized Map<String, Long> injected() {
    return new TreeMap<>(injected);
  }

  private ArmError throttled() {
    count("429");
    return new ArmError(429, "TooManyRequests", "The request was throttled by an injected fault. Please retry after "
        + "the time in Retry-After.", rates.retryAfter());
  }

  private void count(String what) {
    injected.merge(what, 1L, Long::sum);
  }

  synchronized void clear() {
    failuresLeft = 0;
    latency = Duration.ZERO;
    rates(FaultRates.NONE);
  }

  static ArmError failure(int status) {
    return switch (status) {
      case 403 -> new ArmError(403, "AuthorizationFailed", "The client does not have authorization to perform this action "
          + "over this scope or the scope is invalid. If access was recently granted, please refresh your credentials.");
      case 429 -> new ArmError(429, "TooManyRequests", "The request was throttled by an injected fault. Please retry after "
          + "the time in Retry-After.", Duration.ofSeconds(1));
      case 502 -> new ArmError(502, "BadGateway", "The gateway did not receive a response in time. Please retry the request.");
      case 504 -> new ArmError(504, "GatewayTimeout", "The gateway did not receive a response within the specified time period.");
      case 503 -> new ArmError(503, "ServiceUnavailable", "The service is temporarily unavailable. Please retry the request.");
      default -> new ArmError(500, "InternalServerError", "Encountered internal server error. Please try again.");
    };
  }
}

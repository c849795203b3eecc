package dev.jitbroker.sandbox;

import java.time.Duration;
import java.util.Objects;
import java.util.OptionalInt;

/** Injected trouble for tests: the next N ARM calls fail with a status or time out, and latency added to every call. */
final class Faults {

  /** The "status" of a call that is never answered: the caller's own timeout ends it. */
  static final int TIMEOUT = 0;

  /** How long an injected timeout holds the call before dropping the connection unanswered. */
  static final Duration HOLD = Duration.ofSeconds(20);

  private int failuresLeft;
  private int failureStatus;
  private volatile Duration latency = Duration.ZERO;

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

  synchronized void clear() {
    failuresLeft = 0;
    latency = Duration.ZERO;
  }

  static ArmError failure(int status) {
    return switch (status) {
      case 403 -> new ArmError(403, "AuthorizationFailed", "The client does not have authorization to perform this action "
          + "over this scope or the scope is invalid. If access was recently granted, please refresh your credentials.");
      case 429 -> new ArmError(429, "TooManyRequests", "The request was throttled by an injected fault. Please retry after "
          + "the time in Retry-After.", Duration.ofSeconds(1));
      case 503 -> new ArmError(503, "ServiceUnavailable", "The service is temporarily unavailable. Please retry the request.");
      default -> new ArmError(500, "InternalServerError", "Encountered internal server error. Please try again.");
    };
  }
}

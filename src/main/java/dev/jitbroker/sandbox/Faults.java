package dev.jitbroker.sandbox;

import java.time.Duration;
import java.util.Objects;
import java.util.OptionalInt;

/** Injected trouble for tests: the next N ARM calls fail with a status, and latency added to every call. */
final class Faults {

  private int failuresLeft;
  private int failureStatus;
  private volatile Duration latency = Duration.ZERO;

  /** The next {@code count} ARM calls answer {@code status} (429, 500 or 503) with an ARM error body. */
  synchronized void failNext(int count, int status) {
    if (count < 0) {
      throw new IllegalArgumentException("count must not be negative, was " + count);
    }
    if (status != 429 && status != 500 && status != 503) {
      throw new IllegalArgumentException("status must be 429, 500 or 503, was " + status);
    }
    failuresLeft = count;
    failureStatus = status;
  }

  /** The status to fail this call with, using up one of the injected failures; empty when none is left. */
  synchronized OptionalInt takeFailure() {
    if (failuresLeft == 0) {
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
    if (status == 429) {
      return new ArmError(429, "TooManyRequests", "The request is being throttled. Please retry after 1 second.",
          Duration.ofSeconds(1));
    }
    return status == 503
        ? new ArmError(503, "ServiceUnavailable", "The service is temporarily unavailable. Please retry the request.")
        : new ArmError(500, "InternalServerError", "Encountered internal server error. Please try again.");
  }
}

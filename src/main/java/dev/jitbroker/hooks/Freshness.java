package dev.jitbroker.hooks;

import java.time.Duration;
import java.time.Instant;

/** A callback's timestamp (Unix seconds, as sent) checked against now. */
final class Freshness {
  private Freshness() {}

  /** The instant a header names, or null when it is not a Unix time in seconds. */
  static Instant parse(String seconds) {
    if (seconds == null || !seconds.strip().matches("\\d{1,12}")) {
      return null;
    }
    return Instant.ofEpochSecond(Long.parseLong(seconds.strip()));
  }

  /** Whether {@code at} is within {@code tolerance} of {@code now}, either way. */
  static boolean fresh(Instant at, Instant now, Duration tolerance) {
    return Duration.between(at, now).abs().compareTo(tolerance) <= 0;
  }
}

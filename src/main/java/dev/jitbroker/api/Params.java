package dev.jitbroker.api;

import dev.jitbroker.request.InvalidRequestException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/** Parses query parameters, answering 400 with the parameter's name instead of a framework 404. */
final class Params {
  private static final Instant EARLIEST = Instant.parse("1970-01-01T00:00:00Z");
  private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");

  private Params() {}

  static Integer integer(String name, String text) {
    if (text == null) {
      return null;
    }
    try {
      return Integer.valueOf(text);
    } catch (NumberFormatException e) {
      throw new InvalidRequestException(name, "must be a whole number");
    }
  }

  static Instant instant(String name, String text) {
    if (text == null) {
      return null;
    }
    Instant at;
    try {
      at = OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeParseException e) {
      throw new InvalidRequestException(name, "must be an RFC 3339 date-time such as 2026-01-31T08:00:00Z");
    }
    if (at.isBefore(EARLIEST) || at.isAfter(LATEST)) {
      throw new InvalidRequestException(name, "must lie between the years 1970 and 9999");
    }
    return at;
  }

  /** A free-text parameter: at most 256 characters, no control characters. */
  static String text(String name, String value) {
    if (value != null && (value.length() > 256 || value.chars().anyMatch(Character::isISOControl))) {
      throw new InvalidRequestException(name, "must be at most 256 characters without control characters");
    }
    return value;
  }
}

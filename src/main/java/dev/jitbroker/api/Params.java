package dev.jitbroker.api;

import dev.jitbroker.request.InvalidRequestException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/** Parses query parameters, answering 400 with the parameter's name instead of a framework 404. */
final class Params {
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
    try {
      return OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeParseException e) {
      throw new InvalidRequestException(name, "must be an RFC 3339 date-time such as 2026-01-31T08:00:00Z");
    }
  }
}

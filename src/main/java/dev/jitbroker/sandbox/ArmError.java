package dev.jitbroker.sandbox;

import java.time.Duration;
import java.util.Optional;

/** An ARM error answer: HTTP status plus the {@code error.code} and {@code error.message} of ARM's ErrorResponse. */
final class ArmError extends RuntimeException {

  private final int status;
  private final String code;
  private final Duration retryAfter;

  ArmError(int status, String code, String message) {
    this(status, code, message, null);
  }

  ArmError(int status, String code, String message, Duration retryAfter) {
    super(message, null, false, false);
    this.status = status;
    this.code = code;
    this.retryAfter = retryAfter;
  }

  int status() {
    return status;
  }

  String code() {
    return code;
  }

  Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }

  static ArmError notFound(String code, String message) {
    return new ArmError(404, code, message);
  }

  static ArmError badRequest(String code, String message) {
    return new ArmError(400, code, message);
  }
}

package dev.jitbroker.doctor;

import java.time.Duration;

/** Azure could not be asked (unreachable, throttled, a server error): asking again later may work. */
public class AzureUnavailableException extends RuntimeException {

  private final Duration retryAfter;

  AzureUnavailableException(String message, Duration retryAfter) {
    super(message, null, false, false);
    this.retryAfter = retryAfter;
  }

  /** How long Azure asked us to wait, or null. */
  public Duration retryAfter() {
    return retryAfter;
  }
}

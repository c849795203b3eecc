package dev.jitbroker.notify;

import java.time.Duration;

/**
 * A delivery that did not happen. Transient failures (unreachable, timeout, 5xx, 429) are retried with
 * backoff; permanent ones (the receiver refused the message or our credentials) go dead at once, since
 * retrying cannot help until a person fixes the configuration. Messages never hold secrets or full URLs.
 */
public final class DeliveryFailure extends Exception {

  private final boolean transientFailure;
  private final Duration retryAfter;

  private DeliveryFailure(String message, boolean transientFailure, Duration retryAfter) {
    super(message);
    this.transientFailure = transientFailure;
    this.retryAfter = retryAfter;
  }

  public static DeliveryFailure transientFailure(String message, Duration retryAfter) {
    return new DeliveryFailure(message, true, retryAfter);
  }

  public static DeliveryFailure permanent(String message) {
    return new DeliveryFailure(message, false, null);
  }

  public boolean transient_() {
    return transientFailure;
  }

  /** How long the receiver asked us to wait, or null. */
  public Duration retryAfter() {
    return retryAfter;
  }
}

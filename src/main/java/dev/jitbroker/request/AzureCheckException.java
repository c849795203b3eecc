package dev.jitbroker.request;

import java.time.Duration;

/**
 * Azure could not be asked, before approval, whether it can give the access (e.g. reading a managed
 * application's JIT policy failed). Nothing was stored.
 */
public class AzureCheckException extends RequestException {

  private final boolean transientFailure;
  private final Duration retryAfter;

  AzureCheckException(String message, boolean transientFailure, Duration retryAfter) {
    super(message);
    this.transientFailure = transientFailure;
    this.retryAfter = retryAfter;
  }

  /** True when asking again later may work (throttling, an outage); false for a refusal such as a missing permission. */
  public boolean transientFailure() {
    return transientFailure;
  }

  /** How long to wait before asking again, or null. */
  public Duration retryAfter() {
    return retryAfter;
  }
}

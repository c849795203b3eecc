package dev.jitbroker.grant;

import java.time.Duration;

/** A grant or removal that did not happen; {@link #transient_()} says whether trying again may help. */
public final class GrantFailure extends Exception {

  private final boolean transientFailure;
  private final boolean waiting;
  private final Duration retryAfter;
  private final String code;

  private GrantFailure(String diagnosis, String code, boolean transientFailure, Duration retryAfter, Throwable cause) {
    this(diagnosis, code, transientFailure, false, retryAfter, cause);
  }

  private GrantFailure(
      String diagnosis, String code, boolean transientFailure, boolean waiting, Duration retryAfter, Throwable cause) {
    super(diagnosis, cause, false, false);
    this.waiting = waiting;
    this.code = code;
    this.transientFailure = transientFailure;
    this.retryAfter = retryAfter;
  }

  /** Throttling, a server error or a timeout: try again, not before {@code retryAfter} (null: use backoff). */
  public static GrantFailure transientFailure(String diagnosis, String code, Duration retryAfter, Throwable cause) {
    return new GrantFailure(diagnosis, code, true, retryAfter, cause);
  }

  /** A refusal that will not change by itself (missing permission, unknown role, bad scope). */
  public static GrantFailure permanent(String diagnosis, String code, Throwable cause) {
    return new GrantFailure(diagnosis, code, false, null, cause);
  }

  /**
   * Not a failure yet: Azure accepted the work and is still doing it (an async operation, a request
   * waiting for the customer's approval), or the broker's own ARM write budget is spent for now. Ask
   * again after {@code retryAfter}; it does not count as an attempt.
   */
  public static GrantFailure waiting(String state, Duration retryAfter) {
    return new GrantFailure(state, null, true, true, retryAfter, null);
  }

  /** True for {@link #waiting}: ask again later, without counting an attempt. */
  public boolean waiting() {
    return waiting;
  }

  public boolean transient_() {
    return transientFailure;
  }

  /** How long Azure asked us to wait, or null. */
  public Duration retryAfter() {
    return retryAfter;
  }

  /** Azure's error code, e.g. {@code AuthorizationFailed}, or null. */
  public String code() {
    return code;
  }
}

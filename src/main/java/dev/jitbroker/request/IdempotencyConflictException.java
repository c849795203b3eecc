package dev.jitbroker.request;

/** An idempotency key was reused with a different request body. */
public final class IdempotencyConflictException extends RequestException {
  public IdempotencyConflictException(String key) {
    super("Idempotency-Key '" + key + "' was already used for a different request body. "
        + "Use a new key for a new request, or resend exactly the original body.");
  }
}

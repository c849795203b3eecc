package dev.jitbroker.auth;

/** The caller is not signed in, or their token does not say who they are. */
public final class MissingIdentityException extends RuntimeException {
  public MissingIdentityException(String message) {
    super(message, null, false, false);
  }
}

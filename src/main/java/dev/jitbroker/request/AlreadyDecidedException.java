package dev.jitbroker.request;

/** The approver has already recorded a decision on this request. */
public final class AlreadyDecidedException extends RequestException {
  public AlreadyDecidedException(String message) {
    super(message);
  }
}

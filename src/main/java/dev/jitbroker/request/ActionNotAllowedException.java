package dev.jitbroker.request;

/** The caller may see the request but may not take this action on it. */
public final class ActionNotAllowedException extends RequestException {
  public ActionNotAllowedException(String message) {
    super(message);
  }
}

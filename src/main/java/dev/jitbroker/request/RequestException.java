package dev.jitbroker.request;

/** Base of the failures the request lifecycle reports to its callers; each subtype maps to one problem type. */
public abstract class RequestException extends RuntimeException {
  protected RequestException(String message) {
    super(message, null, false, false);
  }
}

package dev.jitbroker.request;

/** The request does not exist, or the caller may not see it: both answer alike. */
public final class RequestNotFoundException extends RequestException {
  public RequestNotFoundException(String id) {
    super("Access request " + (id != null && id.matches("[0-9a-fA-F-]{36}") ? id + " " : "")
        + "does not exist or you are not allowed to see it.");
  }
}

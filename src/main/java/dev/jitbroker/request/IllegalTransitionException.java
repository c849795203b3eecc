package dev.jitbroker.request;

import java.util.Set;
import java.util.UUID;

/** A move the lifecycle does not allow from the request's current state. */
public final class IllegalTransitionException extends RequestException {
  private final RequestState from;
  private final RequestState to;

  IllegalTransitionException(UUID requestId, RequestState from, RequestState to, String action) {
    super(message(requestId, from, to, action));
    this.from = from;
    this.to = to;
  }

  IllegalTransitionException(UUID requestId, RequestState from, RequestState to, String action, String why) {
    super("Access request " + requestId + " can no longer be " + action + ": " + why + ".");
    this.from = from;
    this.to = to;
  }

  private static String message(UUID requestId, RequestState from, RequestState to, String action) {
    Set<RequestState> sources = RequestState.sourcesOf(to);
    return "Access request " + requestId + " is " + from + "; it can be " + action + " only while "
        + (sources.size() == 1 ? sources.iterator().next() : "one of " + sources) + ".";
  }

  public RequestState from() {
    return from;
  }

  public RequestState to() {
    return to;
  }
}

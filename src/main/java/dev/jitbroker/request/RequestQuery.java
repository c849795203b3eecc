package dev.jitbroker.request;

/**
 * A page of requests to list.
 *
 * @param state only requests in this state, or null
 * @param requesterId only requests by this requester, or null
 * @param after continue after this position, or null for the newest
 */
public record RequestQuery(RequestState state, String requesterId, RequestCursor after, int limit) {
  public static final int MAX_LIMIT = 200;
  public static final int DEFAULT_LIMIT = 50;
}

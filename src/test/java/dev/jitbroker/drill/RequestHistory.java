package dev.jitbroker.drill;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jitbroker.notify.NoticeType;
import dev.jitbroker.request.RequestState;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * A request's audit trail read as a walk through the state machine: it starts with {@code request.submitted},
 * and every event that names a move ({@code details.from} and {@code details.to}) must start where the
 * previous one ended and be a move {@link RequestState} allows. The only event that names no move but
 * stays put is the removal of a revoked request's access ({@code request.access_removed}).
 */
record RequestHistory(String id, RequestState submitted, List<RequestState> states, List<String> types,
    JsonNode failedDetails) {

  /** Reads {@code trail} (oldest first); fails with the whole trail when it is not a legal path. */
  static RequestHistory of(String id, List<JsonNode> trail) {
    if (trail.isEmpty() || !trail.get(0).get("type").asText().equals("request.submitted")) {
      throw new AssertionError(id + ": the trail does not start with request.submitted: " + trail);
    }
    RequestState submitted = RequestState.valueOf(details(trail.get(0)).get("state").asText());
    if (!RequestState.INITIAL.contains(submitted)) {
      throw new AssertionError(id + ": submitted in " + submitted + ", not an initial state: " + trail);
    }
    List<RequestState> states = new ArrayList<>(List.of(RequestState.PENDING));
    List<String> types = new ArrayList<>();
    JsonNode failed = null;
    for (JsonNode event : trail) {
      String type = event.get("type").asText();
      types.add(type);
      JsonNode d = details(event);
      if (!d.has("from") || !d.has("to")) {
        continue;
      }
      RequestState current = states.get(states.size() - 1);
      RequestState from = RequestState.valueOf(d.get("from").asText());
      RequestState to = RequestState.valueOf(d.get("to").asText());
      if (from != current) {
        throw new AssertionError(id + ": " + type + " moves from " + from + " but the request was " + current + ": " + trail);
      }
      if (from == to) {
        if (!type.equals("request.access_removed")) {
          throw new AssertionError(id + ": " + type + " stays in " + from + ": " + trail);
        }
        continue;
      }
      if (!from.canMoveTo(to)) {
        throw new AssertionError(id + ": " + type + " makes the illegal move " + from + " -> " + to + ": " + trail);
      }
      if (type.equals("request.failed")) {
        failed = d;
      }
      states.add(to);
    }
    // A request the policy decided at once was submitted in the state its first move led to.
    if (submitted != RequestState.PENDING && (states.size() < 2 || states.get(1) != submitted)) {
      throw new AssertionError(id + ": submitted as " + submitted + " but its first move was not to it: " + trail);
    }
    return new RequestHistory(id, submitted, List.copyOf(states), List.copyOf(types), failed);
  }

  private static JsonNode details(JsonNode event) {
    JsonNode d = event.get("details");
    return d == null || d.isNull() ? Drill.JSON.createObjectNode() : d;
  }

  RequestState last() {
    return states.get(states.size() - 1);
  }

  boolean visited(RequestState state) {
    return states.contains(state);
  }

  /** Whether the request waited for approvers (the policy did not decide it at once). */
  boolean waitedForApprovers() {
    return submitted == RequestState.PENDING;
  }

  /** The notifications this history must have caused (a pending request's only when its rule notifies). */
  Set<NoticeType> expectedNotices(boolean ruleNotifies) {
    Set<NoticeType> expected = EnumSet.noneOf(NoticeType.class);
    if (ruleNotifies && waitedForApprovers()) {
      expected.add(NoticeType.PENDING);
    }
    for (int i = 1; i < states.size(); i++) {
      switch (states.get(i)) {
        case APPROVED -> expected.add(NoticeType.APPROVED);
        case DENIED -> expected.add(NoticeType.DENIED);
        case ACTIVE -> expected.add(NoticeType.ACTIVE);
        case EXPIRED -> expected.add(NoticeType.EXPIRED);
        case FAILED -> expected.add(NoticeType.FAILED);
        case TIMED_OUT -> expected.add(NoticeType.TIMED_OUT);
        case REVOKED -> expected.add(NoticeType.REVOKED);
        default -> { }
      }
    }
    return expected;
  }
}

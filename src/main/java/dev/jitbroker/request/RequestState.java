package dev.jitbroker.request;

import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/** The states of an access request; the legal moves between them are declared here and nowhere else. */
public enum RequestState {
  PENDING,
  APPROVED,
  ACTIVE,
  EXPIRED,
  REVOKED,
  DENIED,
  CANCELLED,
  TIMED_OUT,
  FAILED;

  private static final Map<RequestState, Set<RequestState>> MOVES = new EnumMap<>(RequestState.class);

  static {
    MOVES.put(PENDING, EnumSet.of(APPROVED, DENIED, CANCELLED, TIMED_OUT));
    MOVES.put(APPROVED, EnumSet.of(ACTIVE, REVOKED, FAILED));
    MOVES.put(ACTIVE, EnumSet.of(EXPIRED, REVOKED, FAILED));
    for (RequestState s : values()) {
      MOVES.putIfAbsent(s, EnumSet.noneOf(RequestState.class));
    }
  }

  /** The states a request may be created in: routed to approvers, approved by policy, or refused by policy. */
  public static final Set<RequestState> INITIAL = Collections.unmodifiableSet(EnumSet.of(PENDING, APPROVED, DENIED));

  /** The states this one may move to. */
  public Set<RequestState> next() {
    return Collections.unmodifiableSet(MOVES.get(this));
  }

  /** Whether moving from this state to {@code target} is legal. */
  public boolean canMoveTo(RequestState target) {
    return MOVES.get(this).contains(target);
  }

  /** Whether no move leaves this state. */
  public boolean isTerminal() {
    return MOVES.get(this).isEmpty();
  }

  /** The states from which {@code target} can be reached in one move. */
  public static Set<RequestState> sourcesOf(RequestState target) {
    EnumSet<RequestState> sources = EnumSet.noneOf(RequestState.class);
    for (RequestState s : values()) {
      if (s.canMoveTo(target)) {
        sources.add(s);
      }
    }
    return sources;
  }
}

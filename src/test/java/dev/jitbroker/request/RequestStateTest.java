package dev.jitbroker.request;

import static dev.jitbroker.request.Fixtures.EXPECTED_MOVES;
import static dev.jitbroker.request.Fixtures.expectedLegal;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class RequestStateTest {

  static Stream<Arguments> everyOrderedPairOfStates() {
    return Arrays.stream(RequestState.values())
        .flatMap(from -> Arrays.stream(RequestState.values()).map(to -> Arguments.of(from, to)));
  }

  @Test
  void expectedTable_coversExactlyTheDeclaredStates() {
    // If a state is added, this fails until the hand-written table in Fixtures is extended.
    assertEquals(EnumSet.allOf(RequestState.class), EXPECTED_MOVES.keySet());
    assertEquals(
        Set.of("PENDING", "APPROVED", "ACTIVE", "EXPIRED", "REVOKED", "DENIED", "CANCELLED", "TIMED_OUT", "FAILED"),
        Arrays.stream(RequestState.values()).map(Enum::name).collect(Collectors.toSet()));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @MethodSource("everyOrderedPairOfStates")
  void canMoveTo_matchesTheExpectedTable_forEveryOrderedPair(RequestState from, RequestState to) {
    assertEquals(expectedLegal(from, to), from.canMoveTo(to),
        () -> from + " -> " + to + " should be " + (expectedLegal(from, to) ? "legal" : "illegal"));
  }

  @ParameterizedTest
  @EnumSource(RequestState.class)
  void next_listsExactlyTheExpectedTargets(RequestState state) {
    assertEquals(EXPECTED_MOVES.get(state), state.next());
  }

  @ParameterizedTest
  @EnumSource(RequestState.class)
  void next_cannotBeModifiedByCallers(RequestState state) {
    Set<RequestState> next = state.next();
    assertThrows(UnsupportedOperationException.class, () -> next.add(RequestState.PENDING));
    assertThrows(UnsupportedOperationException.class, next::clear);
    assertEquals(EXPECTED_MOVES.get(state), state.next());
  }

  @ParameterizedTest
  @EnumSource(RequestState.class)
  void noState_movesToItself(RequestState state) {
    assertFalse(state.canMoveTo(state));
  }

  @ParameterizedTest
  @EnumSource(value = RequestState.class, names = {"EXPIRED", "REVOKED", "DENIED", "CANCELLED", "TIMED_OUT", "FAILED"})
  void isTerminal_isTrue_forStatesWithNoWayOut(RequestState state) {
    assertTrue(state.isTerminal());
  }

  @ParameterizedTest
  @EnumSource(value = RequestState.class, names = {"PENDING", "APPROVED", "ACTIVE"})
  void isTerminal_isFalse_forStatesThatCanStillMove(RequestState state) {
    assertFalse(state.isTerminal());
  }

  @ParameterizedTest
  @EnumSource(RequestState.class)
  void sourcesOf_isTheInverseOfTheExpectedTable(RequestState target) {
    EnumSet<RequestState> expected = EnumSet.noneOf(RequestState.class);
    EXPECTED_MOVES.forEach((from, targets) -> {
      if (targets.contains(target)) {
        expected.add(from);
      }
    });
    assertEquals(expected, RequestState.sourcesOf(target));
  }

  @Test
  void sourcesOf_spotChecks() {
    assertEquals(EnumSet.of(RequestState.APPROVED, RequestState.ACTIVE), RequestState.sourcesOf(RequestState.REVOKED));
    assertEquals(EnumSet.of(RequestState.APPROVED, RequestState.ACTIVE), RequestState.sourcesOf(RequestState.FAILED));
    assertEquals(EnumSet.of(RequestState.PENDING), RequestState.sourcesOf(RequestState.CANCELLED));
    assertEquals(EnumSet.of(RequestState.PENDING), RequestState.sourcesOf(RequestState.TIMED_OUT));
    assertEquals(EnumSet.of(RequestState.ACTIVE), RequestState.sourcesOf(RequestState.EXPIRED));
    assertEquals(EnumSet.of(RequestState.APPROVED), RequestState.sourcesOf(RequestState.ACTIVE));
    assertEquals(EnumSet.noneOf(RequestState.class), RequestState.sourcesOf(RequestState.PENDING));
  }

  @Test
  void initial_isPendingApprovedAndDenied() {
    assertEquals(EnumSet.of(RequestState.PENDING, RequestState.APPROVED, RequestState.DENIED), RequestState.INITIAL);
  }

  @Test
  void initial_cannotBeModified() {
    assertThrows(UnsupportedOperationException.class, () -> RequestState.INITIAL.add(RequestState.ACTIVE));
    assertThrows(UnsupportedOperationException.class, () -> RequestState.INITIAL.remove(RequestState.PENDING));
  }

  @Test
  void everyState_isReachableFromAnInitialState() {
    Set<RequestState> reached = EnumSet.copyOf(RequestState.INITIAL);
    Deque<RequestState> todo = new ArrayDeque<>(RequestState.INITIAL);
    while (!todo.isEmpty()) {
      for (RequestState next : todo.pop().next()) {
        if (reached.add(next)) {
          todo.push(next);
        }
      }
    }
    assertEquals(EnumSet.allOf(RequestState.class), reached);
  }
}

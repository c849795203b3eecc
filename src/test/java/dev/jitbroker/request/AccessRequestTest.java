package dev.jitbroker.request;

import static dev.jitbroker.request.Fixtures.ONE_APPROVER;
import static dev.jitbroker.request.Fixtures.POLICY_VERSION;
import static dev.jitbroker.request.Fixtures.ROUTED_FOR_APPROVAL;

import static dev.jitbroker.request.Fixtures.ACTED_AT;
import static dev.jitbroker.request.Fixtures.APPROVER_ID;
import static dev.jitbroker.request.Fixtures.IDEMPOTENCY_KEY;
import static dev.jitbroker.request.Fixtures.PENDING_TIMEOUT;
import static dev.jitbroker.request.Fixtures.PRINCIPAL_ID;
import static dev.jitbroker.request.Fixtures.REQUESTER_ID;
import static dev.jitbroker.request.Fixtures.REQUEST_ID;
import static dev.jitbroker.request.Fixtures.SCOPE;
import static dev.jitbroker.request.Fixtures.SETUP_AT;
import static dev.jitbroker.request.Fixtures.SUBMITTED_AT;
import static dev.jitbroker.request.Fixtures.actor;
import static dev.jitbroker.request.Fixtures.admin;
import static dev.jitbroker.request.Fixtures.approver;
import static dev.jitbroker.request.Fixtures.auditor;
import static dev.jitbroker.request.Fixtures.expectedLegal;
import static dev.jitbroker.request.Fixtures.inState;
import static dev.jitbroker.request.Fixtures.otherUser;
import static dev.jitbroker.request.Fixtures.pending;
import static dev.jitbroker.request.Fixtures.pendingForPrincipal;
import static dev.jitbroker.request.Fixtures.principal;
import static dev.jitbroker.request.Fixtures.requester;
import static dev.jitbroker.request.Fixtures.requesterWhoIsApprover;
import static dev.jitbroker.request.Fixtures.secondApprover;
import static dev.jitbroker.request.Fixtures.updatedAt;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jitbroker.request.Fixtures.Snapshot;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.BiConsumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class AccessRequestTest {

  /** Every state-changing method of the aggregate, called by someone allowed to call it. */
  enum Action {
    APPROVE(RequestState.APPROVED, (r, at) -> r.decide(approver(), Decision.APPROVE, Comment.of("looks right"), at, ONE_APPROVER)),
    DENY(RequestState.DENIED, (r, at) -> r.decide(approver(), Decision.DENY, Comment.of("not needed"), at, ONE_APPROVER)),
    CANCEL(RequestState.CANCELLED, (r, at) -> r.cancel(requester(), at)),
    REVOKE(RequestState.REVOKED, (r, at) -> r.revoke(requester(), at)),
    TIME_OUT(RequestState.TIMED_OUT, AccessRequest::timeOut);

    final RequestState target;
    private final BiConsumer<AccessRequest, Instant> call;

    Action(RequestState target, BiConsumer<AccessRequest, Instant> call) {
      this.target = target;
      this.call = call;
    }

    void perform(AccessRequest r) {
      call.accept(r, ACTED_AT);
    }
  }

  static Stream<Arguments> legalActions() {
    return everyStateAndAction().filter(a -> expectedLegal((RequestState) a.get()[0], ((Action) a.get()[1]).target));
  }

  static Stream<Arguments> illegalActions() {
    return everyStateAndAction().filter(a -> !expectedLegal((RequestState) a.get()[0], ((Action) a.get()[1]).target));
  }

  private static Stream<Arguments> everyStateAndAction() {
    return Arrays.stream(RequestState.values())
        .flatMap(s -> Arrays.stream(Action.values()).map(a -> Arguments.of(s, a)));
  }

  // ------------------------------------------------------------------ the lifecycle, through the aggregate

  @Nested
  class Lifecycle {

    @Test
    void legalAndIllegalCases_togetherCoverEveryStateAndAction() {
      assertEquals(RequestState.values().length * Action.values().length, legalActions().count() + illegalActions().count());
      // By the hand-written table: 4 moves out of PENDING, REVOKE out of APPROVED and out of ACTIVE.
      assertEquals(6, legalActions().count());
    }

    @ParameterizedTest(name = "{1} while {0}")
    @MethodSource("dev.jitbroker.request.AccessRequestTest#legalActions")
    void action_whereTheLifecycleAllowsIt_movesToItsTargetState(RequestState from, Action action) {
      AccessRequest r = inState(from);

      action.perform(r);

      assertEquals(action.target, r.state());
      assertEquals(ACTED_AT, updatedAt(r));
    }

    @ParameterizedTest(name = "{1} while {0}")
    @MethodSource("dev.jitbroker.request.AccessRequestTest#illegalActions")
    void action_whereTheLifecycleForbidsIt_throwsIllegalTransitionAndChangesNothing(RequestState from, Action action) {
      AccessRequest r = inState(from);
      Snapshot before = Snapshot.of(r);

      IllegalTransitionException e = assertThrows(IllegalTransitionException.class, () -> action.perform(r));

      assertAll(
          () -> assertEquals(from, e.from()),
          () -> assertEquals(action.target, e.to()),
          () -> assertTrue(e.getMessage().contains(" is " + from + ";"), e.getMessage()),
          () -> assertTrue(e.getMessage().contains(REQUEST_ID.toString()), e.getMessage()),
          () -> assertEquals(before, Snapshot.of(r)));
    }

    @Test
    void illegalTransition_messageNamesCurrentStateAndWhereTheMoveIsAllowed() {
      AccessRequest r = inState(RequestState.DENIED);

      IllegalTransitionException e = assertThrows(IllegalTransitionException.class, () -> r.revoke(requester(), ACTED_AT));

      assertEquals(
          "Access request " + REQUEST_ID + " is DENIED; it can be revoked only while one of [APPROVED, ACTIVE].",
          e.getMessage());
    }

    @Test
    void illegalTransition_withOneSourceState_namesItAlone() {
      AccessRequest r = inState(RequestState.APPROVED);

      IllegalTransitionException e = assertThrows(IllegalTransitionException.class, () -> r.cancel(requester(), ACTED_AT));

      assertEquals("Access request " + REQUEST_ID + " is APPROVED; it can be cancelled only while PENDING.", e.getMessage());
    }
  }

  // ------------------------------------------------------------------ submit

  @Test
  void submit_createsPendingRequestWithTheSubmittedFields() {
    Submission s = Fixtures.submission();

    AccessRequest r = AccessRequest.submit(REQUEST_ID, requester(), s, IDEMPOTENCY_KEY, SUBMITTED_AT, PENDING_TIMEOUT, ROUTED_FOR_APPROVAL, POLICY_VERSION);

    assertAll(
        () -> assertEquals(REQUEST_ID, r.id()),
        () -> assertEquals(RequestState.PENDING, r.state()),
        () -> assertEquals(REQUESTER_ID, r.requesterId()),
        () -> assertEquals("Rita Requester", r.requesterName()),
        () -> assertEquals(REQUESTER_ID, r.principalId()),
        () -> assertEquals(SCOPE, r.scope()),
        () -> assertEquals("Reader", r.role()),
        () -> assertEquals(GrantType.AZURE_RBAC, r.grantType()),
        () -> assertEquals(Duration.ofHours(2), r.duration()),
        () -> assertEquals(Fixtures.JUSTIFICATION, r.justification()),
        () -> assertEquals("INC-4711", r.ticket()),
        () -> assertEquals(SUBMITTED_AT, r.createdAt()),
        () -> assertEquals(SUBMITTED_AT, updatedAt(r)),
        () -> assertEquals(SUBMITTED_AT.plus(PENDING_TIMEOUT), r.decisionDeadline()),
        () -> assertNull(r.decidedAt()),
        () -> assertNull(r.activatedAt()),
        () -> assertNull(r.expiresAt()),
        () -> assertNull(r.endedAt()),
        () -> assertEquals(IDEMPOTENCY_KEY, r.idempotencyKey()),
        () -> assertEquals(s.fingerprint(), r.fingerprint()),
        () -> assertTrue(r.approvals().isEmpty()));
  }

  @Test
  void submit_withoutTicket_storesNullTicket() {
    AccessRequest r = pending(Fixtures.raw().ticket(null).build());

    assertNull(r.ticket());
  }

  @Test
  void approvals_cannotBeModifiedFromOutside() {
    AccessRequest r = inState(RequestState.APPROVED);

    assertThrows(UnsupportedOperationException.class, () -> r.approvals().clear());
    assertEquals(1, r.approvals().size());
  }

  // ------------------------------------------------------------------ decide

  @Nested
  class Decide {

    @Test
    void approve_setsDecidedAtAndRecordsOneApprovalWithTheComment() {
      AccessRequest r = pending();

      Approval a = r.decide(approver(), Decision.APPROVE, Comment.of("ok for today"), ACTED_AT, ONE_APPROVER);

      assertAll(
          () -> assertEquals(RequestState.APPROVED, r.state()),
          () -> assertEquals(ACTED_AT, r.decidedAt()),
          () -> assertEquals(ACTED_AT, updatedAt(r)),
          () -> assertNull(r.endedAt()),
          () -> assertEquals(1, r.approvals().size()),
          () -> assertSame(a, r.approvals().get(0)),
          () -> assertEquals(APPROVER_ID, a.approverId()),
          () -> assertEquals("Anna Approver", a.approverName()),
          () -> assertEquals(Decision.APPROVE, a.decision()),
          () -> assertEquals("ok for today", a.comment()),
          () -> assertEquals(ACTED_AT, a.decidedAt()));
    }

    @Test
    void deny_setsDecidedAtAndRecordsOneDenial() {
      AccessRequest r = pending();

      Approval a = r.decide(approver(), Decision.DENY, Comment.of("use the read-only role"), ACTED_AT, ONE_APPROVER);

      assertAll(
          () -> assertEquals(RequestState.DENIED, r.state()),
          () -> assertEquals(ACTED_AT, r.decidedAt()),
          () -> assertEquals(1, r.approvals().size()),
          () -> assertEquals(Decision.DENY, a.decision()),
          () -> assertEquals("use the read-only role", a.comment()));
    }

    @Test
    void approve_withBlankComment_recordsNoComment() {
      AccessRequest r = pending();

      Approval a = r.decide(approver(), Decision.APPROVE, Comment.of("   "), ACTED_AT, ONE_APPROVER);

      assertNull(a.comment());
    }

    @ParameterizedTest
    @EnumSource(Decision.class)
    void decide_whenApproverIsRequester_isRefused(Decision decision) {
      AccessRequest r = pending();
      Snapshot before = Snapshot.of(r);

      assertThrows(ActionNotAllowedException.class,
          () -> r.decide(requesterWhoIsApprover(), decision, Comment.of(null), ACTED_AT, ONE_APPROVER));

      assertEquals(before, Snapshot.of(r));
    }

    @Test
    void decide_whenRequesterIsAdmin_isStillRefused() {
      AccessRequest r = pending();
      Actor requesterAdmin = actor(REQUESTER_ID, "Rita Requester", Role.ADMIN);

      assertThrows(ActionNotAllowedException.class,
          () -> r.decide(requesterAdmin, Decision.APPROVE, Comment.of(null), ACTED_AT, ONE_APPROVER));
      assertEquals(RequestState.PENDING, r.state());
    }

    @ParameterizedTest
    @EnumSource(Decision.class)
    void decide_whenApproverIsThePrincipal_isRefused(Decision decision) {
      AccessRequest r = pendingForPrincipal();
      Actor principalApprover = actor(PRINCIPAL_ID, "Paul Principal", Role.APPROVER);
      Snapshot before = Snapshot.of(r);

      assertThrows(ActionNotAllowedException.class,
          () -> r.decide(principalApprover, decision, Comment.of(null), ACTED_AT, ONE_APPROVER));

      assertEquals(before, Snapshot.of(r));
    }

    @Test
    void decide_whenApproverIsThePrincipalSpelledInUpperCase_isRefused() {
      AccessRequest r = pendingForPrincipal();
      Actor principalApprover = actor(PRINCIPAL_ID.toUpperCase(Locale.ROOT), "Paul Principal", Role.APPROVER);

      assertThrows(ActionNotAllowedException.class,
          () -> r.decide(principalApprover, Decision.APPROVE, Comment.of(null), ACTED_AT, ONE_APPROVER));
      assertEquals(RequestState.PENDING, r.state());
    }

    static Stream<Actor> callersWithoutApproverOrAdminRole() {
      return Stream.of(otherUser(), auditor(), principal());
    }

    @ParameterizedTest
    @MethodSource("callersWithoutApproverOrAdminRole")
    void decide_whenCallerHasNeitherApproverNorAdminRole_isRefused(Actor caller) {
      AccessRequest r = pendingForPrincipal();
      Snapshot before = Snapshot.of(r);

      ActionNotAllowedException e = assertThrows(ActionNotAllowedException.class,
          () -> r.decide(caller, Decision.APPROVE, Comment.of(null), ACTED_AT, ONE_APPROVER));

      assertTrue(e.getMessage().contains("approver"), e.getMessage());
      assertEquals(before, Snapshot.of(r));
    }

    @ParameterizedTest
    @EnumSource(Decision.class)
    void decide_byAdmin_isAllowed(Decision decision) {
      AccessRequest r = pending();

      Approval a = r.decide(admin(), decision, Comment.of("admin decision"), ACTED_AT, ONE_APPROVER);

      assertEquals(decision == Decision.APPROVE ? RequestState.APPROVED : RequestState.DENIED, r.state());
      assertEquals(Fixtures.ADMIN_ID, a.approverId());
    }

    @Test
    void decide_whenSameApproverDecidesAgain_throwsAlreadyDecided() {
      AccessRequest r = pending();
      r.decide(approver(), Decision.APPROVE, Comment.of("first"), SETUP_AT, ONE_APPROVER);
      // Until approval policies exist one approval finishes the request, so a second decision can only
      // meet a PENDING request with an approval on it once a policy needs several approvals. Stage that:
      Fixtures.forceState(r, RequestState.PENDING);
      Snapshot before = Snapshot.of(r);

      AlreadyDecidedException e = assertThrows(AlreadyDecidedException.class,
          () -> r.decide(approver(), Decision.DENY, Comment.of("second thoughts"), ACTED_AT, ONE_APPROVER));

      assertTrue(e.getMessage().contains("APPROVE"), e.getMessage());
      assertEquals(before, Snapshot.of(r));
      assertEquals(1, r.approvals().size());
    }

    @Test
    void decide_whenAnotherApproverDecidesAfterTheFirst_isAnIllegalTransition() {
      AccessRequest r = pending();
      r.decide(approver(), Decision.APPROVE, Comment.of("first"), SETUP_AT, ONE_APPROVER);
      Snapshot before = Snapshot.of(r);

      assertThrows(IllegalTransitionException.class,
          () -> r.decide(secondApprover(), Decision.DENY, Comment.of("too late"), ACTED_AT, ONE_APPROVER));

      assertEquals(before, Snapshot.of(r));
    }

    @Test
    void decide_whenSameApproverRepeatsAfterTheRequestWasDecided_isAnIllegalTransition() {
      // The state is checked first: a decided request names its state, whoever asks again.
      AccessRequest r = pending();
      r.decide(approver(), Decision.APPROVE, Comment.of("first"), SETUP_AT, ONE_APPROVER);

      assertThrows(IllegalTransitionException.class,
          () -> r.decide(approver(), Decision.APPROVE, Comment.of("again"), ACTED_AT, ONE_APPROVER));
      assertEquals(1, r.approvals().size());
    }
  }

  // ------------------------------------------------------------------ cancel

  @Nested
  class Cancel {

    @Test
    void cancel_byRequesterWhilePending_endsTheRequest() {
      AccessRequest r = pending();

      r.cancel(requester(), ACTED_AT);

      assertEquals(RequestState.CANCELLED, r.state());
      assertEquals(ACTED_AT, r.endedAt());
      assertEquals(ACTED_AT, updatedAt(r));
      assertNull(r.decidedAt());
    }

    static Stream<Actor> everyoneButTheRequester() {
      return Stream.of(approver(), admin(), auditor(), principal(), otherUser());
    }

    @ParameterizedTest
    @MethodSource("everyoneButTheRequester")
    void cancel_bySomeoneOtherThanTheRequester_isRefused(Actor caller) {
      AccessRequest r = pendingForPrincipal();
      Snapshot before = Snapshot.of(r);

      assertThrows(ActionNotAllowedException.class, () -> r.cancel(caller, ACTED_AT));

      assertEquals(before, Snapshot.of(r));
    }
  }

  // ------------------------------------------------------------------ revoke

  @Nested
  class Revoke {

    @ParameterizedTest
    @EnumSource(value = RequestState.class, names = {"APPROVED", "ACTIVE"})
    void revoke_byRequester_endsTheAccess(RequestState from) {
      AccessRequest r = inState(from);

      r.revoke(requester(), ACTED_AT);

      assertEquals(RequestState.REVOKED, r.state());
      assertEquals(ACTED_AT, r.endedAt());
      assertEquals(ACTED_AT, updatedAt(r));
    }

    @ParameterizedTest
    @EnumSource(value = RequestState.class, names = {"APPROVED", "ACTIVE"})
    void revoke_byAdmin_endsTheAccess(RequestState from) {
      AccessRequest r = inState(from);

      r.revoke(admin(), ACTED_AT);

      assertEquals(RequestState.REVOKED, r.state());
      assertEquals(ACTED_AT, r.endedAt());
    }

    static Stream<Actor> callersWhoMayNotRevoke() {
      return Stream.of(approver(), secondApprover(), auditor(), principal(), otherUser());
    }

    @ParameterizedTest
    @MethodSource("callersWhoMayNotRevoke")
    void revoke_byAnyoneButRequesterOrAdmin_isRefused(Actor caller) {
      AccessRequest r = pendingForPrincipal();
      r.decide(approver(), Decision.APPROVE, Comment.of(null), SETUP_AT, ONE_APPROVER);
      Snapshot before = Snapshot.of(r);

      assertThrows(ActionNotAllowedException.class, () -> r.revoke(caller, ACTED_AT));

      assertEquals(before, Snapshot.of(r));
    }
  }

  // ------------------------------------------------------------------ time out

  @Test
  void timeOut_whilePending_endsTheRequest() {
    AccessRequest r = pending();

    r.timeOut(ACTED_AT);

    assertEquals(RequestState.TIMED_OUT, r.state());
    assertEquals(ACTED_AT, r.endedAt());
    assertEquals(ACTED_AT, updatedAt(r));
    assertNull(r.decidedAt());
  }

  // ------------------------------------------------------------------ visibility

  @Nested
  class Visibility {

    static Stream<Actor> whoMaySee() {
      return Stream.of(
          requester(),
          principal(),
          actor(PRINCIPAL_ID.toUpperCase(Locale.ROOT), "Paul Principal"),
          approver(),
          auditor(),
          admin());
    }

    @ParameterizedTest
    @MethodSource("whoMaySee")
    void isVisibleTo_requesterPrincipalAndThoseWhoReadAll(Actor actor) {
      assertTrue(pendingForPrincipal().isVisibleTo(actor));
    }

    static Stream<Actor> whoMayNotSee() {
      return Stream.of(otherUser(), Actor.system("timeout"));
    }

    @ParameterizedTest
    @MethodSource("whoMayNotSee")
    void isVisibleTo_isFalse_forAnyoneElse(Actor actor) {
      assertFalse(pendingForPrincipal().isVisibleTo(actor));
    }
  }
}

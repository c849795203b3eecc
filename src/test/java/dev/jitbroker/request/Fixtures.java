package dev.jitbroker.request;

import dev.jitbroker.policy.ApprovalRule;
import dev.jitbroker.policy.ApproverSet;
import dev.jitbroker.policy.Routing;
import java.lang.reflect.Field;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** Shared test data for the framework-free request core: actors, a valid submission, requests in every state. */
final class Fixtures {

  private Fixtures() {}

  // ---------------------------------------------------------------- time and settings

  /** When the default request is submitted. */
  static final Instant SUBMITTED_AT = Instant.parse("2025-03-03T09:00:00Z");
  /** When the fixture moves a request on to reach a starting state. */
  static final Instant SETUP_AT = SUBMITTED_AT.plus(Duration.ofMinutes(10));
  /** When a test acts on the request. */
  static final Instant ACTED_AT = SUBMITTED_AT.plus(Duration.ofMinutes(20));

  static final Duration MAX_DURATION = Duration.ofHours(8);
  static final Duration PENDING_TIMEOUT = Duration.ofHours(24);
  static final LifecycleSettings SETTINGS = new LifecycleSettings(MAX_DURATION, PENDING_TIMEOUT);
  /** The rule before policies: one approval from anyone with the approver or admin role. */
  static final ApprovalRule ONE_APPROVER =
      new ApprovalRule(new ApproverSet(Set.of(), Set.of(), Set.of("approver", "admin")), 1, true, null, null);
  static final Routing ROUTED_FOR_APPROVAL = new Routing.NeedsApproval("catch-all", ONE_APPROVER, null);
  static final int POLICY_VERSION = 1;

  // ---------------------------------------------------------------- ids

  static final UUID REQUEST_ID = UUID.fromString("5d0b7a1e-3f4c-4b2a-9e8d-7c6b5a4f3e2d");
  static final String IDEMPOTENCY_KEY = "8f14e45f-ceea-4670-8a1b-0a9c5b6d7e8f";

  static final String SUBSCRIPTION_ID = "0b1f6471-1bf0-4dda-aec3-cb9272f09590";
  static final String SCOPE = "/subscriptions/" + SUBSCRIPTION_ID + "/resourceGroups/rg-payments";
  static final String ROLE_DEFINITION_GUID = "acdd72a7-3385-48ef-bd42-f606fba81ae7";

  static final String REQUESTER_ID = "11111111-aaaa-4aaa-8aaa-111111111111";
  static final String PRINCIPAL_ID = "22222222-bbbb-4bbb-8bbb-222222222222";
  static final String APPROVER_ID = "33333333-cccc-4ccc-8ccc-333333333333";
  static final String SECOND_APPROVER_ID = "44444444-dddd-4ddd-8ddd-444444444444";
  static final String ADMIN_ID = "55555555-eeee-4eee-8eee-555555555555";
  static final String AUDITOR_ID = "66666666-ffff-4fff-8fff-666666666666";
  static final String OTHER_USER_ID = "77777777-0000-4000-8000-777777777777";

  static final String JUSTIFICATION = "Investigate failed payment batch INC-4711 on the payments resource group.";

  // ---------------------------------------------------------------- the expected lifecycle, written out by hand

  /**
   * The legal moves, written independently of {@link RequestState} so that the tests notice any change
   * of the production table.
   */
  static final Map<RequestState, Set<RequestState>> EXPECTED_MOVES = expectedMoves();

  private static Map<RequestState, Set<RequestState>> expectedMoves() {
    Map<RequestState, Set<RequestState>> m = new EnumMap<>(RequestState.class);
    m.put(RequestState.PENDING,
        EnumSet.of(RequestState.APPROVED, RequestState.DENIED, RequestState.CANCELLED, RequestState.TIMED_OUT));
    m.put(RequestState.APPROVED, EnumSet.of(RequestState.ACTIVE, RequestState.REVOKED, RequestState.FAILED));
    m.put(RequestState.ACTIVE, EnumSet.of(RequestState.EXPIRED, RequestState.REVOKED, RequestState.FAILED));
    m.put(RequestState.EXPIRED, EnumSet.noneOf(RequestState.class));
    m.put(RequestState.REVOKED, EnumSet.noneOf(RequestState.class));
    m.put(RequestState.DENIED, EnumSet.noneOf(RequestState.class));
    m.put(RequestState.CANCELLED, EnumSet.noneOf(RequestState.class));
    m.put(RequestState.TIMED_OUT, EnumSet.noneOf(RequestState.class));
    m.put(RequestState.FAILED, EnumSet.noneOf(RequestState.class));
    return m;
  }

  static boolean expectedLegal(RequestState from, RequestState to) {
    return EXPECTED_MOVES.get(from).contains(to);
  }

  // ---------------------------------------------------------------- actors

  static Actor actor(String id, String name, Role... roles) {
    return new Actor(id, name, roles.length == 0 ? Set.of() : EnumSet.of(roles[0], roles), Set.of());
  }

  /** Asks for access; holds no app role. */
  static Actor requester() {
    return actor(REQUESTER_ID, "Rita Requester");
  }

  /** The requester, who also happens to be an approver. */
  static Actor requesterWhoIsApprover() {
    return actor(REQUESTER_ID, "Rita Requester", Role.APPROVER);
  }

  /** The principal named in {@link #pendingForPrincipal()}, signed in as a plain user. */
  static Actor principal() {
    return actor(PRINCIPAL_ID, "Paul Principal");
  }

  static Actor approver() {
    return actor(APPROVER_ID, "Anna Approver", Role.APPROVER);
  }

  static Actor secondApprover() {
    return actor(SECOND_APPROVER_ID, "Bert Approver", Role.APPROVER);
  }

  static Actor admin() {
    return actor(ADMIN_ID, "Ada Admin", Role.ADMIN);
  }

  static Actor auditor() {
    return actor(AUDITOR_ID, "Otto Auditor", Role.AUDITOR);
  }

  /** Signed in, no app role, nothing to do with the request. */
  static Actor otherUser() {
    return actor(OTHER_USER_ID, "Uma User");
  }

  // ---------------------------------------------------------------- submissions

  /** A valid raw submission; change one field with the builder's setters. */
  static RawBuilder raw() {
    return new RawBuilder();
  }

  static final class RawBuilder {
    private String scope = SCOPE;
    private String role = "Reader";
    private String duration = "PT2H";
    private String justification = JUSTIFICATION;
    private String ticket = "INC-4711";
    private String principalId = null;
    private String grantType = null;

    RawBuilder scope(String v) {
      scope = v;
      return this;
    }

    RawBuilder role(String v) {
      role = v;
      return this;
    }

    private Submission.NetworkRaw network;

    RawBuilder duration(String v) {
      duration = v;
      return this;
    }

    RawBuilder justification(String v) {
      justification = v;
      return this;
    }

    RawBuilder ticket(String v) {
      ticket = v;
      return this;
    }

    RawBuilder principalId(String v) {
      principalId = v;
      return this;
    }

    RawBuilder grantType(String v) {
      grantType = v;
      if ("vm-jit".equals(v) && network == null) {
        network = new Submission.NetworkRaw(java.util.List.of(22), "203.0.113.7");
      }
      return this;
    }

    RawBuilder network(java.util.List<Integer> ports, String source) {
      network = new Submission.NetworkRaw(ports, source);
      return this;
    }

    RawBuilder noNetwork() {
      network = null;
      return this;
    }

    Submission.Raw build() {
      return new Submission.Raw(scope, role, duration, justification, ticket, principalId, grantType, network);
    }
  }

  /** The default submission, made by {@link #requester()}. */
  static Submission submission() {
    return Submission.from(raw().build(), requester(), SETTINGS);
  }

  /**
   * A well-formed resource scope of exactly {@code length} characters: a resource group, then enough
   * nested {@code /t/{name}} child resources (each name at most 260 characters) to reach the length.
   */
  static String scopeOfLength(int length) {
    String prefix = SCOPE + "/providers/Microsoft.Sql";
    int extra = length - prefix.length();
    int segments = extra / 200 + 1;
    int nameChars = extra - 3 * segments;
    if (nameChars < segments) {
      throw new IllegalArgumentException("too short: " + length);
    }
    StringBuilder sb = new StringBuilder(prefix);
    for (int i = 0; i < segments; i++) {
      int n = nameChars / segments + (i < nameChars % segments ? 1 : 0);
      sb.append("/t/").append("n".repeat(n));
    }
    if (sb.length() != length) {
      throw new AssertionError("built " + sb.length() + " characters, wanted " + length);
    }
    return sb.toString();
  }

  // ---------------------------------------------------------------- requests

  /** A pending request by {@link #requester()} for themselves, submitted at {@link #SUBMITTED_AT}. */
  static AccessRequest pending() {
    return pending(raw().build());
  }

  /** A pending request by {@link #requester()} for {@link #principal()}. */
  static AccessRequest pendingForPrincipal() {
    return pending(raw().principalId(PRINCIPAL_ID).build());
  }

  static AccessRequest pending(Submission.Raw raw) {
    Submission s = Submission.from(raw, requester(), SETTINGS);
    return AccessRequest.submit(REQUEST_ID, requester(), s, IDEMPOTENCY_KEY, SUBMITTED_AT, PENDING_TIMEOUT, ROUTED_FOR_APPROVAL, POLICY_VERSION);
  }

  /** A request by {@link #requester()} in {@code state}, reached through the aggregate where it can be. */
  static AccessRequest inState(RequestState state) {
    AccessRequest r = pending();
    switch (state) {
      case PENDING -> { }
      case APPROVED -> r.decide(approver(), Decision.APPROVE, Comment.of("fine"), SETUP_AT, ONE_APPROVER);
      case DENIED -> r.decide(approver(), Decision.DENY, Comment.of("no"), SETUP_AT, ONE_APPROVER);
      case CANCELLED -> r.cancel(requester(), SETUP_AT);
      case TIMED_OUT -> r.timeOut(SETUP_AT);
      case REVOKED -> {
        r.decide(approver(), Decision.APPROVE, Comment.of("fine"), SETUP_AT, ONE_APPROVER);
        r.revoke(requester(), SETUP_AT);
      }
      case ACTIVE, EXPIRED, FAILED -> {
        r.decide(approver(), Decision.APPROVE, Comment.of("fine"), SETUP_AT, ONE_APPROVER);
        // No grant worker exists yet, so the aggregate has no method that reaches this state:
        // put the request there directly, as the future worker would.
        forceState(r, state);
      }
    }
    if (r.state() != state) {
      throw new AssertionError("fixture could not reach " + state + ", got " + r.state());
    }
    return r;
  }

  /**
   * Sets the private {@code state} field, bypassing the lifecycle. Only for states no public method can
   * reach yet (no grant worker exists yet), or to stage a situation a future approval policy will allow.
   */
  static void forceState(AccessRequest r, RequestState state) {
    setField(r, "state", state);
  }

  /** The private {@code updatedAt} field, which has no accessor. */
  static Instant updatedAt(AccessRequest r) {
    return (Instant) getField(r, "updatedAt");
  }

  static void setField(Object target, String name, Object value) {
    try {
      Field f = target.getClass().getDeclaredField(name);
      f.setAccessible(true);
      f.set(target, value);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError("cannot set " + name, e);
    }
  }

  static Object getField(Object target, String name) {
    try {
      Field f = target.getClass().getDeclaredField(name);
      f.setAccessible(true);
      return f.get(target);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError("cannot read " + name, e);
    }
  }

  /** Everything about a request that a refused action must leave as it was. */
  record Snapshot(
      RequestState state,
      List<String> approvals,
      Instant createdAt,
      Instant updatedAt,
      Instant decisionDeadline,
      Instant decidedAt,
      Instant activatedAt,
      Instant expiresAt,
      Instant endedAt) {

    static Snapshot of(AccessRequest r) {
      return new Snapshot(
          r.state(),
          r.approvals().stream()
              .map(a -> a.id() + " " + a.approverId() + " " + a.decision() + " " + a.comment() + " " + a.decidedAt())
              .toList(),
          r.createdAt(),
          Fixtures.updatedAt(r),
          r.decisionDeadline(),
          r.decidedAt(),
          r.activatedAt(),
          r.expiresAt(),
          r.endedAt());
    }
  }
}

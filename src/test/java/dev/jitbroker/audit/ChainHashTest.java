package dev.jitbroker.audit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Named.named;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Arrays;
import java.util.UUID;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ChainHashTest {

  private static final UUID REQUEST_ID = UUID.fromString("5d0b7a1e-3f4c-4b2a-9e8d-7c6b5a4f3e2d");
  private static final Instant AT = Instant.parse("2025-03-03T09:00:00.123456Z");

  /** A builder over {@link StoredEvent}'s public constructor, so each test changes one component. */
  private record Event(
      long id, Instant at, String actorId, String actorName, String type, UUID requestId, String detailsJson) {

    static Event sample() {
      return new Event(
          7L, AT, "11111111-aaaa-4aaa-8aaa-111111111111", "Rita Requester", "request.submitted", REQUEST_ID,
          "{\"a\":1,\"b\":2}");
    }

    StoredEvent stored() {
      // seq, prevHash and hash are the chain's outputs, not inputs of the canonical form.
      return new StoredEvent(id, null, at, actorId, actorName, type, requestId, detailsJson, null, null);
    }

    Event withId(long v) {
      return new Event(v, at, actorId, actorName, type, requestId, detailsJson);
    }

    Event withAt(Instant v) {
      return new Event(id, v, actorId, actorName, type, requestId, detailsJson);
    }

    Event withActorId(String v) {
      return new Event(id, at, v, actorName, type, requestId, detailsJson);
    }

    Event withActorName(String v) {
      return new Event(id, at, actorId, v, type, requestId, detailsJson);
    }

    Event withType(String v) {
      return new Event(id, at, actorId, actorName, v, requestId, detailsJson);
    }

    Event withRequestId(UUID v) {
      return new Event(id, at, actorId, actorName, type, v, detailsJson);
    }

    Event withDetails(String v) {
      return new Event(id, at, actorId, actorName, type, requestId, v);
    }
  }

  private static String canonicalText(StoredEvent e, long seq) {
    return new String(ChainHash.canonical(e, seq), StandardCharsets.UTF_8);
  }

  // ------------------------------------------------------------------ canonical form

  @Test
  void canonical_isSortedCompactJsonOfTheEventAndItsPosition() {
    assertEquals(
        "{\"actor\":{\"id\":\"11111111-aaaa-4aaa-8aaa-111111111111\",\"name\":\"Rita Requester\"},"
            + "\"at\":\"2025-03-03T09:00:00.123456Z\","
            + "\"details\":{\"a\":1,\"b\":2},"
            + "\"eventId\":7,"
            + "\"requestId\":\"5d0b7a1e-3f4c-4b2a-9e8d-7c6b5a4f3e2d\","
            + "\"seq\":3,"
            + "\"type\":\"request.submitted\"}",
        canonicalText(Event.sample().stored(), 3));
  }

  @Test
  void canonical_isIndependentOfKeyOrderInDetails() {
    StoredEvent ab = Event.sample().withDetails("{\"a\":1,\"b\":2}").stored();
    StoredEvent ba = Event.sample().withDetails("{\"b\":2,\"a\":1}").stored();

    assertArrayEquals(ChainHash.canonical(ab, 1), ChainHash.canonical(ba, 1));
    assertArrayEquals(ChainHash.link(ChainHash.genesis(), ab, 1), ChainHash.link(ChainHash.genesis(), ba, 1));
  }

  @Test
  void canonical_isIndependentOfKeyOrderInNestedDetailsAndOfWhitespace() {
    StoredEvent one = Event.sample().withDetails("{\"z\":{\"y\":[1,{\"q\":true,\"p\":null}],\"x\":\"s\"},\"a\":0}").stored();
    StoredEvent two =
        Event.sample().withDetails("{ \"a\" : 0 ,\n \"z\" : { \"x\" : \"s\", \"y\" : [ 1, { \"p\" : null, \"q\" : true } ] } }").stored();

    assertArrayEquals(ChainHash.canonical(one, 1), ChainHash.canonical(two, 1));
    assertEquals(
        "{\"a\":0,\"z\":{\"x\":\"s\",\"y\":[1,{\"p\":null,\"q\":true}]}}",
        canonicalText(one, 1).replaceAll(".*\"details\":(\\{.*\\}),\"eventId\".*", "$1"));
  }

  @Test
  void canonical_keepsArrayOrder() {
    StoredEvent one = Event.sample().withDetails("{\"l\":[1,2]}").stored();
    StoredEvent two = Event.sample().withDetails("{\"l\":[2,1]}").stored();

    assertFalse(Arrays.equals(ChainHash.canonical(one, 1), ChainHash.canonical(two, 1)));
  }

  @Test
  void canonical_ofEventWithoutRequest_hasNullRequestId() {
    String text = canonicalText(Event.sample().withRequestId(null).stored(), 1);

    assertTrue(text.contains("\"requestId\":null"), text);
  }

  @Test
  void canonical_ofDetailsThatAreNotJson_isRefused() {
    StoredEvent broken = Event.sample().withDetails("{not json").stored();

    assertThrows(IllegalStateException.class, () -> ChainHash.canonical(broken, 1));
  }

  // ------------------------------------------------------------------ link

  @Test
  void link_isSha256OfPreviousHashThenCanonicalForm() throws Exception {
    StoredEvent e = Event.sample().stored();
    byte[] prev = new byte[32];
    Arrays.fill(prev, (byte) 0x5a);

    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    sha.update(prev);
    sha.update(ChainHash.canonical(e, 4));

    assertArrayEquals(sha.digest(), ChainHash.link(prev, e, 4));
  }

  @Test
  void link_isDeterministic() {
    StoredEvent e = Event.sample().stored();

    assertArrayEquals(ChainHash.link(ChainHash.genesis(), e, 1), ChainHash.link(ChainHash.genesis(), Event.sample().stored(), 1));
    assertEquals(32, ChainHash.link(ChainHash.genesis(), e, 1).length);
  }

  static Stream<Arguments> oneInputChanged() {
    return Stream.of(
        change("actor id", e -> e.withActorId("22222222-bbbb-4bbb-8bbb-222222222222")),
        change("actor name", e -> e.withActorName("Rita R.")),
        change("type", e -> e.withType("request.approved")),
        change("at, by a microsecond", e -> e.withAt(AT.plusNanos(1_000))),
        change("request id", e -> e.withRequestId(UUID.fromString("6e1c8b2f-4a5d-4c3b-8f9e-8d7c6b5a4f3e"))),
        change("request id removed", e -> e.withRequestId(null)),
        change("details value", e -> e.withDetails("{\"a\":1,\"b\":3}")),
        change("details key added", e -> e.withDetails("{\"a\":1,\"b\":2,\"c\":null}")),
        change("details number type", e -> e.withDetails("{\"a\":1,\"b\":\"2\"}")),
        change("event id", e -> e.withId(8L)));
  }

  private static Arguments change(String what, UnaryOperator<Event> change) {
    return Arguments.of(named(what, change));
  }

  @ParameterizedTest
  @MethodSource("oneInputChanged")
  void link_changes_whenAnyPartOfTheEventChanges(UnaryOperator<Event> change) {
    StoredEvent original = Event.sample().stored();
    StoredEvent changed = change.apply(Event.sample()).stored();

    assertFalse(Arrays.equals(ChainHash.link(ChainHash.genesis(), original, 1), ChainHash.link(ChainHash.genesis(), changed, 1)));
  }

  @Test
  void link_changes_whenTheChainPositionChanges() {
    StoredEvent e = Event.sample().stored();

    assertFalse(Arrays.equals(ChainHash.link(ChainHash.genesis(), e, 1), ChainHash.link(ChainHash.genesis(), e, 2)));
  }

  @Test
  void link_changes_whenThePreviousHashChanges() {
    StoredEvent e = Event.sample().stored();
    byte[] otherPrev = new byte[32];
    otherPrev[31] = 1;

    assertFalse(Arrays.equals(ChainHash.link(ChainHash.genesis(), e, 1), ChainHash.link(otherPrev, e, 1)));
  }

  @Test
  void link_ignoresTheStoredSeqAndHashesOfTheEventItself() {
    Event sample = Event.sample();
    StoredEvent bare = sample.stored();
    StoredEvent sealed = new StoredEvent(sample.id(), 99L, sample.at(), sample.actorId(), sample.actorName(), sample.type(),
        sample.requestId(), sample.detailsJson(), new byte[32], new byte[] {1, 2, 3});

    assertArrayEquals(ChainHash.link(ChainHash.genesis(), bare, 1), ChainHash.link(ChainHash.genesis(), sealed, 1));
  }

  @Test
  void chain_changingTheFirstEvent_changesEveryLaterHash() {
    StoredEvent e1 = Event.sample().stored();
    StoredEvent e2 = Event.sample().withId(8L).withType("request.approved").withDetails("{\"decision\":\"APPROVE\"}").stored();
    StoredEvent e3 = Event.sample().withId(9L).withType("request.revoked").withDetails("{}").stored();
    byte[] h1 = ChainHash.link(ChainHash.genesis(), e1, 1);
    byte[] h2 = ChainHash.link(h1, e2, 2);
    byte[] h3 = ChainHash.link(h2, e3, 3);

    StoredEvent tampered = Event.sample().withDetails("{\"a\":1,\"b\":20}").stored();
    byte[] t1 = ChainHash.link(ChainHash.genesis(), tampered, 1);
    byte[] t2 = ChainHash.link(t1, e2, 2);
    byte[] t3 = ChainHash.link(t2, e3, 3);

    assertFalse(Arrays.equals(h1, t1));
    assertFalse(Arrays.equals(h2, t2), "hash 2 takes hash 1 as input");
    assertFalse(Arrays.equals(h3, t3), "and so on down the chain");
  }

  @Test
  void chain_swappingTwoEvents_changesTheirHashes() {
    StoredEvent e1 = Event.sample().stored();
    StoredEvent e2 = Event.sample().withId(8L).withType("request.approved").stored();

    byte[] h2 = ChainHash.link(ChainHash.link(ChainHash.genesis(), e1, 1), e2, 2);
    byte[] swapped = ChainHash.link(ChainHash.link(ChainHash.genesis(), e2, 1), e1, 2);

    assertFalse(Arrays.equals(h2, swapped));
  }

  @Test
  void genesis_isThirtyTwoZeroBytes() {
    assertArrayEquals(new byte[32], ChainHash.genesis());
  }
}

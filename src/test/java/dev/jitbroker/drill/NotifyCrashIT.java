package dev.jitbroker.drill;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jitbroker.notify.NoticeType;
import dev.jitbroker.testsupport.Tokens;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The broker is killed with SIGKILL while webhook deliveries are provably in flight (the receiver holds
 * them unanswered), three times: amid the approvers' and requesters' first notifications, amid the
 * approvals and grants, and amid the expiries. After a restart every notification the database holds
 * is delivered, each was received with a valid signature, the ones in flight at a kill were sent again
 * (at-least-once, same id), none went dead, and nothing was received that the database does not hold.
 */
class NotifyCrashIT {

  private static final int APPROVAL_REQUESTS = 20;
  private static final int AUTO_REQUESTS = 10;
  private static final Duration ACCESS = Duration.ofSeconds(8);
  // The receiver holds each delivery this long: with 4 sending at once, deliveries are nearly always in flight.
  private static final Duration HOLD = Duration.ofMillis(400);
  // A kill lands while a delivery that arrived less than this long ago is held: killing takes far less,
  // so that delivery is still unanswered when the broker is gone.
  private static final Duration FRESH = Duration.ofMillis(150);
  private static final Duration SETTLE = Duration.ofMinutes(3);

  @RegisterExtension
  final Drill drill = new Drill("notify-crash");

  /** One kill: when, and the deliveries held (unanswered) once the broker was dead. */
  private record Kill(String when, Set<String> inFlight) {}

  @Test
  void killedWhileDeliveriesAreInFlight_restartedBroker_deliversEveryNotificationAtLeastOnce() throws Exception {
    Instant started = Instant.now();
    drill.setUp(MixedLoad.POLICY);
    try (WebhookSink sink = new WebhookSink(HOLD)) {
      Drill.Broker broker = drill.broker("broker", MixedLoad.notifySettings(sink));
      BrokerApi api = new BrokerApi(drill);
      Tokens.User approver = Tokens.newUser("drill-approver", "approver");
      List<UUID> waiting = new ArrayList<>();
      List<UUID> requests = new ArrayList<>();
      List<Kill> kills = new ArrayList<>();

      broker.start();
      for (int i = 0; i < APPROVAL_REQUESTS + AUTO_REQUESTS; i++) {
        boolean approval = i < APPROVAL_REQUESTS;
        BrokerApi.Answer a = api.submit(broker.api, Tokens.newUser("notify-" + i),
            approval ? MixedLoad.APPROVAL_SCOPE : MixedLoad.AUTO_SCOPE, ACCESS);
        assertEquals(201, a.status(), "submit: " + a.body());
        UUID id = UUID.fromString(a.body().get("id").asText());
        requests.add(id);
        if (approval) {
          waiting.add(id);
        }
      }
      kills.add(killMidDelivery(broker, sink, "amid pending, approved and active notifications"));

      broker.start();
      for (UUID id : waiting) {
        BrokerApi.Answer a = api.act(broker.api, id, "approve", approver);
        assertEquals(200, a.status(), "approve: " + a.body());
      }
      kills.add(killMidDelivery(broker, sink, "amid approvals and grants"));

      broker.start();
      Drill.await("the first expired notification to arrive", SETTLE, () -> sink.received().stream()
          .anyMatch(d -> NoticeType.EXPIRED.eventType().equals(d.type())));
      kills.add(killMidDelivery(broker, sink, "amid expiries"));

      broker.start();
      Drill.await("every request to end and every notification to leave PENDING", SETTLE, () -> {
        for (UUID id : requests) {
          String state = broker.request(id).get("state").asText();
          if (!state.equals("EXPIRED") && !state.equals("FAILED")) {
            return false;
          }
        }
        return NotifyChecks.settled(drill);
      });

      NotifyChecks.Figures figures = NotifyChecks.assertNoneLost(drill, sink);
      Map<String, Integer> counts = sink.validCounts();
      for (Kill kill : kills) {
        for (String id : kill.inFlight()) {
          assertTrue(counts.getOrDefault(id, 0) >= 2,
              id + " was in flight when the broker was killed " + kill.when() + ", so it must have been sent again");
        }
      }
      // Each request's notifications are those its history calls for: none lost before it was stored either.
      Map<UUID, Set<NoticeType>> stored = NotifyChecks.eventsByRequest(NotifyChecks.rows(drill));
      for (UUID id : requests) {
        JsonNode r = broker.request(id);
        RequestHistory history = RequestHistory.of(id.toString(), api.trail(broker.api, id));
        assertEquals(r.get("state").asText(), history.last().name(), "the trail of " + id + " ends elsewhere");
        Set<NoticeType> missing = history.expectedNotices(true).stream()
            .filter(t -> !stored.getOrDefault(id, Set.of()).contains(t)).collect(Collectors.toSet());
        assertEquals(Set.of(), missing, "notifications never stored for " + id + " (" + history.states() + ")");
      }
      System.out.printf("NotifyCrashIT: %d requests, %d kills with %s deliveries in flight; %s; %d s in all%n",
          requests.size(), kills.size(), kills.stream().map(k -> Integer.toString(k.inFlight().size()))
              .collect(Collectors.joining("/")), figures, Duration.between(started, Instant.now()).toSeconds());
    }
  }

  /**
   * Waits for a delivery that arrived moments ago and is still held, kills the broker, and returns the
   * deliveries still held once it is dead. Each must be a stored notification the broker has claimed
   * (its lease runs) and not recorded as delivered: it never had the answer.
   */
  private Kill killMidDelivery(Drill.Broker broker, WebhookSink sink, String when) throws Exception {
    Instant giveUp = Instant.now().plus(SETTLE);
    while (sink.heldFresh(FRESH) == 0) {
      if (Instant.now().isAfter(giveUp)) {
        throw new AssertionError("Gave up after " + SETTLE + " waiting for a delivery in flight " + when);
      }
      Thread.sleep(5);
    }
    broker.process.kill();
    Set<String> inFlight = sink.held();
    assertTrue(!inFlight.isEmpty(), "no delivery was held once the broker was killed " + when);
    Map<String, NotifyChecks.Row> rows = NotifyChecks.rows(drill).stream()
        .collect(Collectors.toMap(r -> r.id().toString(), r -> r));
    for (String id : inFlight) {
      NotifyChecks.Row row = rows.get(id);
      assertTrue(row != null && row.state().equals("PENDING") && row.attempts() >= 1,
          "a delivery in flight at the kill must be a claimed, undelivered notification: " + id + " is " + row);
    }
    return new Kill(when, inFlight);
  }
}

package dev.jitbroker.drill;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jitbroker.notify.NoticeType;
import dev.jitbroker.request.RequestState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A steady mixed load (auto-approved submits, submits for an approver, approvals, denials, revokes,
 * cancels, seconds-long access, every notification to a slow signed webhook) while the broker is killed
 * with SIGKILL at random moments and restarted. {@code -Ddrill.kills} sets how many kills (default 5;
 * {@code drills/chaos} runs 20), {@code -Ddrill.seed} replays a run (the seed is printed). After the
 * last restart and a settle period:
 * <ul>
 *   <li>each request's audit trail is a legal path of the state machine that ends in its state;</li>
 *   <li>every approved request was granted and its access ended (EXPIRED, REVOKED with access removed),
 *       or it FAILED with its attempts recorded;</li>
 *   <li>the sandbox holds no assignment;</li>
 *   <li>every notification its history calls for was stored and delivered, none lost or dead;</li>
 *   <li>the audit chain verifies; no call answered 500.</li>
 * </ul>
 */
class ChaosIT {

  private static final int KILLS = Integer.getInteger("drill.kills", 5);
  private static final Duration MIN_ACCESS = Duration.ofSeconds(5);
  private static final Duration MAX_ACCESS = Duration.ofSeconds(10);
  // A kill lands this long (drawn evenly) after the broker is ready again.
  private static final int KILL_AFTER_MIN_MS = 2000;
  private static final int KILL_AFTER_MAX_MS = 9000;
  private static final int LOAD_THREADS = 2;
  private static final Duration ARM_LATENCY = Duration.ofMillis(100);
  private static final Duration HOLD = Duration.ofMillis(300);
  // Requests nobody decides time out, so the drill ends without deciding every one.
  private static final Duration PENDING_TIMEOUT = Duration.ofSeconds(15);
  private static final Duration SETTLE = Duration.ofMinutes(3);

  @RegisterExtension
  final Drill drill = new Drill("chaos");

  @Test
  void randomKillsUnderMixedLoad_leaveEveryRequestConsistentGrantedOrEndedAndEveryNotificationDelivered()
      throws Exception {
    long seed = Long.getLong("drill.seed", System.nanoTime());
    System.out.printf("ChaosIT: seed %d, %d kills (replay: -Ddrill.seed=%d -Ddrill.kills=%d)%n", seed, KILLS, seed, KILLS);
    Random kills = new Random(seed);
    Instant started = Instant.now();
    drill.setUp(MixedLoad.POLICY);
    drill.awaitSandbox(SETTLE);
    drill.sandboxLatency(ARM_LATENCY);
    try (WebhookSink sink = new WebhookSink(HOLD)) {
      Map<String, String> settings = new TreeMap<>(MixedLoad.notifySettings(sink));
      settings.put("jit.requests.pending-timeout", PENDING_TIMEOUT.toString());
      settings.put("jit.requests.timeout-check-interval", "2s");
      Drill.Broker broker = drill.broker("broker", settings);
      BrokerApi api = new BrokerApi(drill);
      MixedLoad.Generator load = new MixedLoad.Generator(api, List.of(broker.api), new Random(seed + 1), MIN_ACCESS,
          MAX_ACCESS);
      List<Thread> loaders = new ArrayList<>();
      for (int i = 0; i < LOAD_THREADS; i++) {
        loaders.add(new Thread(load, "chaos-load-" + i));
      }
      List<String> killLog = new ArrayList<>();
      broker.start();
      loaders.forEach(Thread::start);
      try {
        for (int k = 1; k <= KILLS; k++) {
          Thread.sleep(KILL_AFTER_MIN_MS + kills.nextInt(KILL_AFTER_MAX_MS - KILL_AFTER_MIN_MS));
          broker.process.kill();
          killLog.add(sink.held().size() + "");
          broker.start();
        }
        // Load on a broker that stays up a while, then nothing new.
        Thread.sleep(KILL_AFTER_MAX_MS);
      } finally {
        load.stop();
        for (Thread t : loaders) {
          t.join();
        }
      }
      Instant loadEnded = Instant.now();

      Drill.await("every request to end, its access removed, and every notification to leave PENDING", SETTLE, () -> {
        for (JsonNode r : api.allRequests(broker.api)) {
          if (!MixedLoad.ended(r)) {
            return false;
          }
        }
        return NotifyChecks.settled(drill);
      });
      // One reconcile pass that began after everything ended: it removes what a kill between an ARM write
      // and its commit left behind (an assignment no request holds).
      Instant settled = Instant.now();
      Drill.await("a reconcile pass after the requests ended", SETTLE, () -> broker.audit("azure.call").stream()
          .anyMatch(e -> e.get("requestId").isNull() && Instant.parse(e.get("at").asText()).isAfter(settled)));
      Drill.await("every audit event to be sealed", SETTLE, () -> api.verifyAudit(broker.api).get("unsealed").asLong() == 0);
      Drill.await("the sandbox to hold no assignment", SETTLE, () -> drill.sandboxAssignments().isEmpty());

      List<JsonNode> requests = api.allRequests(broker.api);
      Map<UUID, Set<NoticeType>> stored = NotifyChecks.eventsByRequest(NotifyChecks.rows(drill));
      Map<String, Integer> byState = new TreeMap<>();
      for (JsonNode r : requests) {
        UUID id = UUID.fromString(r.get("id").asText());
        String state = r.get("state").asText();
        byState.merge(state, 1, Integer::sum);
        RequestHistory history = RequestHistory.of(id.toString(), api.trail(broker.api, id));
        assertEquals(state, history.last().name(), "the trail of " + id + " ends elsewhere: " + history.states());
        if (history.visited(RequestState.APPROVED)) {
          assertTrue(Set.of("EXPIRED", "REVOKED", "FAILED").contains(state), "approved, then left " + state + ": " + r);
        }
        if (state.equals("EXPIRED")) {
          assertTrue(history.visited(RequestState.ACTIVE), "expired without having been active: " + r);
          assertNotNull(r.get("accessRemovedAt").textValue(), "expired, but its access was never removed: " + r);
        }
        if (state.equals("REVOKED") && !r.get("grantRef").isNull()) {
          assertNotNull(r.get("accessRemovedAt").textValue(), "revoked, but its access was never removed: " + r);
        }
        if (state.equals("FAILED")) {
          assertNotNull(history.failedDetails(), "failed without a request.failed event: " + r);
          assertTrue(history.failedDetails().path("attempts").asInt() >= 1, "failed with no attempt recorded: " + r);
        }
        Set<NoticeType> missing = history.expectedNotices(r.get("policyRule").asText().equals("drill-approved-readers"))
            .stream().filter(t -> !stored.getOrDefault(id, Set.of()).contains(t)).collect(Collectors.toSet());
        assertEquals(Set.of(), missing, "notifications never stored for " + id + " (" + history.states() + ")");
      }
      Set<String> listed = requests.stream().map(r -> r.get("id").asText()).collect(Collectors.toSet());
      assertEquals(List.of(), load.submitted().stream().filter(id -> !listed.contains(id.toString())).toList(),
          "requests answered 201 that the broker no longer has");
      NotifyChecks.Figures figures = NotifyChecks.assertNoneLost(drill, sink);
      JsonNode verify = api.verifyAudit(broker.api);
      assertTrue(verify.get("valid").asBoolean(), "the audit chain does not verify: " + verify);
      assertEquals(List.of(), load.serverErrors(), "answers of 500 or more to the load");

      System.out.printf("ChaosIT: seed %d; %d kills (deliveries held at each: %s); %d load steps, %d unreachable; "
              + "%d requests %s; answers %s; %s; %d grant.orphan_removed; audit chain of %d events valid; "
              + "load %d s, settled after %d s more, %d s in all%n",
          seed, KILLS, String.join("/", killLog), load.steps(), load.unreachable(), requests.size(), byState,
          load.answers(), figures, broker.audit("grant.orphan_removed").size(), verify.get("checked").asLong(),
          Duration.between(started, loadEnded).toSeconds(), Duration.between(loadEnded, settled).toSeconds(),
          Duration.between(started, Instant.now()).toSeconds());
    }
  }
}

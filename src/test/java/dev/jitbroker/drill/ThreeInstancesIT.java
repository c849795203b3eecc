package dev.jitbroker.drill;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Three brokers on one database under the mixed load of the chaos drill (auto-approved and approver
 * requests, approvals, denials, revokes, cancels, timeouts, every notification to a signed webhook),
 * spread over all three, and nobody killed: each granted request is written to Azure exactly once and
 * removed exactly once, whichever broker claimed it, and each notification is delivered exactly once.
 */
class ThreeInstancesIT {

  private static final int STEPS = 160;
  private static final Duration MIN_ACCESS = Duration.ofSeconds(5);
  private static final Duration MAX_ACCESS = Duration.ofSeconds(10);
  private static final Duration ARM_LATENCY = Duration.ofMillis(100);
  private static final Duration HOLD = Duration.ofMillis(100);
  private static final Duration SETTLE = Duration.ofMinutes(3);
  // Three replicas share one subscription's write budget: each takes a third of what one replica may.
  private static final Map<String, String> A_THIRD_OF_THE_BUDGET = Map.of(
      "jit.azure.write-burst", "65", "jit.azure.write-rate", "3.2");

  @RegisterExtension
  final Drill drill = new Drill("three-instances");

  @Test
  void threeBrokersOnOneDatabase_grantRemoveAndNotifyEachExactlyOnce() throws Exception {
    long seed = Long.getLong("drill.seed", System.nanoTime());
    Instant started = Instant.now();
    drill.setUp(MixedLoad.POLICY);
    drill.awaitSandbox(SETTLE);
    drill.sandboxLatency(ARM_LATENCY);
    try (WebhookSink sink = new WebhookSink(HOLD)) {
      Map<String, String> settings = new TreeMap<>(MixedLoad.notifySettings(sink));
      // Nobody is killed here: a lease far longer than any delivery, so a repeat could only be a double send.
      settings.put("jit.notify.timeout", "PT10S");
      settings.put("jit.notify.lease", "PT60S");
      settings.put("jit.requests.pending-timeout", "PT15S");
      settings.put("jit.requests.timeout-check-interval", "2s");
      settings.putAll(A_THIRD_OF_THE_BUDGET);
      List<Drill.Broker> brokers = new ArrayList<>();
      for (String name : List.of("broker-a", "broker-b", "broker-c")) {
        brokers.add(drill.broker(name, settings));
      }
      // The first migrates the database; the other two then start side by side.
      brokers.get(0).start();
      ExecutorService starters = Executors.newFixedThreadPool(2);
      try {
        List<Future<Void>> starting = new ArrayList<>();
        for (Drill.Broker b : brokers.subList(1, 3)) {
          starting.add(starters.submit(() -> {
            b.start();
            return null;
          }));
        }
        for (Future<Void> f : starting) {
          f.get();
        }
      } finally {
        starters.shutdownNow();
      }
      Drill.Broker a = brokers.get(0);
      BrokerApi api = new BrokerApi(drill);
      MixedLoad.Generator load = new MixedLoad.Generator(api, brokers.stream().map(b -> b.api).toList(),
          new Random(seed), MIN_ACCESS, MAX_ACCESS);
      for (int i = 0; i < STEPS; i++) {
        load.step();
      }
      assertEquals(0, load.unreachable(), "a broker did not answer");

      Drill.await("every request to end, its access removed, and every notification to leave PENDING", SETTLE, () -> {
        for (JsonNode r : api.allRequests(a.api)) {
          if (!MixedLoad.ended(r)) {
            return false;
          }
        }
        return NotifyChecks.settled(drill);
      });

      List<JsonNode> requests = api.allRequests(a.api);
      Map<String, Integer> byState = new TreeMap<>();
      List<JsonNode> granted = new ArrayList<>();
      for (JsonNode r : requests) {
        byState.merge(r.get("state").asText(), 1, Integer::sum);
        RequestHistory history = RequestHistory.of(r.get("id").asText(), api.trail(a.api, UUID.fromString(r.get("id").asText())));
        assertEquals(r.get("state").asText(), history.last().name(), "the trail ends elsewhere: " + history.states());
        if (!r.get("grantRef").isNull()) {
          granted.add(r);
        }
      }
      assertTrue(!granted.isEmpty(), "the load granted nothing: " + byState);
      // The brokers' record: one PUT and one DELETE per granted request, none for any other.
      Map<String, Integer> calls = new HashMap<>();
      for (JsonNode e : a.audit("azure.call")) {
        String method = e.get("details").get("method").asText();
        if (!e.get("requestId").isNull() && (method.equals("PUT") || method.equals("DELETE"))) {
          calls.merge(method + " " + e.get("requestId").asText(), 1, Integer::sum);
        }
      }
      Map<String, Integer> expectedCalls = new HashMap<>();
      for (JsonNode r : granted) {
        expectedCalls.put("PUT " + r.get("id").asText(), 1);
        expectedCalls.put("DELETE " + r.get("id").asText(), 1);
      }
      assertEquals(new TreeMap<>(expectedCalls), new TreeMap<>(calls), "azure.call PUTs and DELETEs audited per request");
      // Azure's record: each assignment written once and deleted once, and nothing else written.
      Map<String, Long> writes = new TreeMap<>();
      for (JsonNode w : drill.sandboxWrites()) {
        writes.merge(w.get("method").asText() + " " + w.get("status").asInt() + " "
            + w.get("path").asText().toLowerCase(Locale.ROOT), w.get("count").asLong(), Long::sum);
      }
      for (JsonNode r : granted) {
        String path = r.get("grantRef").asText().toLowerCase(Locale.ROOT);
        for (String method : List.of("PUT ", "DELETE ")) {
          long n = writes.entrySet().stream().filter(e -> e.getKey().startsWith(method) && e.getKey().endsWith(" " + path))
              .mapToLong(Map.Entry::getValue).sum();
          assertEquals(1, n, method + "writes of " + path + " in the sandbox: " + writes);
        }
      }
      assertEquals(2L * granted.size(), writes.values().stream().mapToLong(Long::longValue).sum(), "writes: " + writes);
      assertEquals(List.of(), drill.sandboxAssignments(), "nothing may be left in the sandbox");
      // The receiver's record: every notification delivered, and each exactly once.
      NotifyChecks.Figures figures = NotifyChecks.assertNoneLost(drill, sink);
      Map<String, Integer> repeated = new TreeMap<>();
      sink.validCounts().forEach((id, n) -> {
        if (n > 1) {
          repeated.put(id, n);
        }
      });
      assertEquals(Map.of(), repeated, "notifications delivered more than once with no broker killed");
      assertEquals(List.of(), load.serverErrors(), "answers of 500 or more to the load");
      System.out.printf("ThreeInstancesIT: seed %d; %d load steps through 3 brokers; %d requests %s, %d granted; "
              + "%d ARM writes; %s; %d s in all%n", seed, STEPS, requests.size(), byState, granted.size(),
          2 * granted.size(), figures, Duration.between(started, Instant.now()).toSeconds());
    }
  }
}

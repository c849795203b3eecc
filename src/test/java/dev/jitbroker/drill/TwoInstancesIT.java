package dev.jitbroker.drill;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jitbroker.testsupport.Tokens;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two brokers on one database under a load of auto-approved requests: every request is granted
 * exactly once and removed exactly once, by whichever broker claimed it, and none is missed.
 */
class TwoInstancesIT {

  private static final int REQUESTS = 80;
  private static final Duration ACCESS = Duration.ofSeconds(10);
  private static final Duration ARM_LATENCY = Duration.ofMillis(100);
  private static final Duration SETTLE = Duration.ofMinutes(3);
  // Two replicas share one subscription's write budget: each takes half of what one replica may.
  private static final Map<String, String> HALF_THE_BUDGET = Map.of(
      "jit.azure.write-burst", "95", "jit.azure.write-rate", "4.75");

  @RegisterExtension
  final Drill drill = new Drill("two-instances");

  @Test
  void twoBrokersOnOneDatabase_grantAndRemoveEachRequestExactlyOnce() throws Exception {
    Instant started = Instant.now();
    drill.setUp();
    drill.sandboxLatency(ARM_LATENCY);
    Drill.Broker a = drill.broker("broker-a", HALF_THE_BUDGET);
    Drill.Broker b = drill.broker("broker-b", HALF_THE_BUDGET);
    a.start();
    b.start();

    List<UUID> requests = new ArrayList<>();
    ExecutorService submitters = Executors.newFixedThreadPool(8);
    try {
      List<Future<UUID>> submitted = new ArrayList<>();
      for (int i = 0; i < REQUESTS; i++) {
        Drill.Broker via = i % 2 == 0 ? a : b;
        Tokens.User user = Tokens.newUser("replica-" + i);
        submitted.add(submitters.submit(() -> via.submit(user, ACCESS)));
      }
      for (Future<UUID> f : submitted) {
        requests.add(f.get());
      }
    } finally {
      submitters.shutdownNow();
    }
    Drill.await("every request to be granted and to expire", SETTLE, () -> {
      for (UUID id : requests) {
        String state = a.request(id).get("state").asText();
        if (!state.equals("EXPIRED") && !state.equals("FAILED")) {
          return false;
        }
      }
      return true;
    });

    for (UUID id : requests) {
      JsonNode r = b.request(id);
      assertEquals("EXPIRED", r.get("state").asText(), "missed: " + r);
      assertNotNull(r.get("activatedAt").textValue(), "expired without having been active: " + r);
    }
    // The broker's record: one PUT and one DELETE per request.
    Map<String, Integer> callsPerRequest = new HashMap<>();
    for (JsonNode e : a.audit("azure.call")) {
      String method = e.get("details").get("method").asText();
      if (!e.get("requestId").isNull() && (method.equals("PUT") || method.equals("DELETE"))) {
        callsPerRequest.merge(method + " " + e.get("requestId").asText(), 1, Integer::sum);
      }
    }
    for (UUID id : requests) {
      assertEquals(1, callsPerRequest.getOrDefault("PUT " + id, 0), "azure.call PUTs audited for " + id);
      assertEquals(1, callsPerRequest.getOrDefault("DELETE " + id, 0), "azure.call DELETEs audited for " + id);
    }
    // Azure's record: each assignment written once and deleted once, and nothing else written.
    Map<String, Long> writes = new HashMap<>();
    for (JsonNode w : drill.sandboxWrites()) {
      String key = w.get("method").asText() + " " + w.get("status").asInt() + " " + w.get("path").asText().toLowerCase(Locale.ROOT);
      writes.merge(key, w.get("count").asLong(), Long::sum);
    }
    for (UUID id : requests) {
      String path = a.request(id).get("grantRef").asText().toLowerCase(Locale.ROOT);
      long puts = writes.entrySet().stream().filter(e -> e.getKey().startsWith("PUT ") && e.getKey().endsWith(" " + path))
          .mapToLong(Map.Entry::getValue).sum();
      assertEquals(1, puts, "PUTs of " + path + " in the sandbox: " + writes);
    }
    assertEquals(2L * REQUESTS, writes.values().stream().mapToLong(Long::longValue).sum(), "writes: " + writes);
    assertEquals(List.of(), drill.sandboxAssignments(), "nothing may be left in the sandbox");
    System.out.printf("TwoInstancesIT: %d requests through 2 brokers, %d ARM writes, %d s%n",
        REQUESTS, 2 * REQUESTS, Duration.between(started, Instant.now()).toSeconds());
  }
}

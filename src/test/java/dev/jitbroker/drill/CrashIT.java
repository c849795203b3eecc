package dev.jitbroker.drill;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jitbroker.testsupport.Tokens;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The broker is killed with SIGKILL while grants and expiries are in flight, several times, each time
 * at a different point; after a restart every request ends granted (and then expired) or failed,
 * nothing is left in Azure, no assignment is doubled, and one reconcile leaves no orphan.
 */
class CrashIT {

  private static final int KILLS = 4;
  private static final int REQUESTS_PER_ROUND = 12;
  private static final Duration ACCESS = Duration.ofSeconds(10);
  // Each ARM call takes this long, so a kill lands between a call and its commit, or mid-call.
  private static final Duration ARM_LATENCY = Duration.ofMillis(300);
  // Kill once the sandbox has answered this many more writes in the round: early, mid-batch, amid expiries.
  private static final int[] KILL_AFTER_WRITES = {1, 4, 9, 15};
  private static final Duration SETTLE = Duration.ofMinutes(3);

  @RegisterExtension
  final Drill drill = new Drill("crash");

  @Test
  void killedMidGrantAndMidExpiry_restartedBroker_endsEveryRequestAndLeavesNothingInAzure() throws Exception {
    Instant started = Instant.now();
    drill.setUp();
    drill.sandboxLatency(ARM_LATENCY);
    Drill.Broker broker = drill.broker("broker", Map.of());
    List<UUID> requests = new ArrayList<>();
    ConcurrentLinkedQueue<String> duplicates = new ConcurrentLinkedQueue<>();
    AtomicBoolean sampling = new AtomicBoolean(true);
    Thread sampler = new Thread(() -> sampleForDuplicates(sampling, duplicates), "duplicate-sampler");
    sampler.start();
    List<String> kills = new ArrayList<>();
    try {
      for (int round = 0; round < KILLS; round++) {
        broker.start();
        long writesBefore = writesAnswered();
        for (int i = 0; i < REQUESTS_PER_ROUND; i++) {
          Tokens.User user = Tokens.newUser("crash-" + round + "-" + i);
          requests.add(broker.submit(user, ACCESS));
        }
        long target = writesBefore + KILL_AFTER_WRITES[round];
        Drill.await("the sandbox to answer " + KILL_AFTER_WRITES[round] + " more writes", SETTLE,
            () -> writesAnswered() >= target);
        broker.process.kill();
        kills.add("after " + (writesAnswered() - writesBefore) + " writes (" + writesByMethod() + " in all)");
      }
      broker.start();
      Drill.await("every request to end (EXPIRED or FAILED)", SETTLE, () -> {
        for (UUID id : requests) {
          String state = broker.request(id).get("state").asText();
          if (!state.equals("EXPIRED") && !state.equals("FAILED")) {
            return false;
          }
        }
        return true;
      });
    } finally {
      sampling.set(false);
      sampler.join();
    }

    // One reconcile pass that began after every request ended; its work commits with its audit events.
    Instant settled = Instant.now();
    Drill.await("a reconcile pass after the requests ended", SETTLE, () -> broker.audit("azure.call").stream()
        .anyMatch(e -> e.get("requestId").isNull() && Instant.parse(e.get("at").asText()).isAfter(settled)));

    System.out.printf("CrashIT: %d requests, %d kills (%s); %d grant.drift and %d grant.orphan_removed event(s); "
            + "settled after %d s%n", requests.size(), KILLS, String.join("; ", kills), broker.audit("grant.drift").size(),
        broker.audit("grant.orphan_removed").size(), Duration.between(started, settled).toSeconds());
    int failed = 0;
    Set<String> grantRefs = new HashSet<>();
    for (UUID id : requests) {
      JsonNode r = broker.request(id);
      if (r.get("state").asText().equals("FAILED")) {
        failed++;
        continue;
      }
      assertEquals("EXPIRED", r.get("state").asText(), id.toString());
      assertNotNull(r.get("activatedAt").textValue(), id + " expired without having been active: " + r);
      assertNotNull(r.get("accessRemovedAt").textValue(), id + " expired, but its access was never removed: " + r);
      assertTrue(grantRefs.add(r.get("grantRef").asText().toLowerCase(Locale.ROOT)), "two requests share " + r);
    }
    assertEquals(List.of(), drill.sandboxAssignments(), "nothing of the broker's may be left in the sandbox");
    assertEquals(List.of(), List.copyOf(duplicates), "the same access was assigned twice at once");
    // Every request's principal is its own: one assignment path per granted request, however often retried.
    Map<String, Long> putsByPath = new HashMap<>();
    for (JsonNode w : drill.sandboxWrites()) {
      if (w.get("method").asText().equals("PUT") && w.get("status").asInt() / 100 == 2) {
        putsByPath.merge(w.get("path").asText().toLowerCase(Locale.ROOT), w.get("count").asLong(), Long::sum);
      }
    }
    assertTrue(putsByPath.size() <= requests.size(), "more assignment paths than requests: " + putsByPath.keySet());
    assertTrue(putsByPath.keySet().containsAll(grantRefs), "granted " + grantRefs + ", written " + putsByPath.keySet());

    long putRetries = putsByPath.values().stream().mapToLong(Long::longValue).sum() - putsByPath.size();
    System.out.printf("CrashIT: %d failed, %d PUT(s) repeated after kills, %d s in all%n",
        failed, putRetries, Duration.between(started, Instant.now()).toSeconds());
  }

  private long writesAnswered() throws Exception {
    return drill.sandboxWrites().stream().mapToLong(w -> w.get("count").asLong()).sum();
  }

  private String writesByMethod() throws Exception {
    Map<String, Long> byMethod = new java.util.TreeMap<>();
    for (JsonNode w : drill.sandboxWrites()) {
      byMethod.merge(w.get("method").asText() + " " + w.get("status").asInt(), w.get("count").asLong(), Long::sum);
    }
    return byMethod.toString();
  }

  /** Looks at the sandbox every quarter second for two assignments of the same principal, role and scope. */
  private void sampleForDuplicates(AtomicBoolean sampling, ConcurrentLinkedQueue<String> duplicates) {
    while (sampling.get()) {
      try {
        Set<String> seen = new HashSet<>();
        for (JsonNode a : drill.sandboxAssignments()) {
          JsonNode p = a.get("properties");
          String access = (p.get("principalId").asText() + "|" + p.get("roleDefinitionId").asText() + "|"
              + p.get("scope").asText()).toLowerCase(Locale.ROOT);
          if (!seen.add(access)) {
            duplicates.add(access);
          }
        }
        Thread.sleep(250);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (Exception e) {
        // The sandbox outlives the brokers; a failed look is only a missed sample.
      }
    }
  }
}

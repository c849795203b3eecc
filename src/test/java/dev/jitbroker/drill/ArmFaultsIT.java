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
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * ARM misbehaves at rates under a load of requests: 30% of calls answer 500 or 503, bursts of 429
 * with Retry-After, some calls take 5 s. Every request still ends, within the retry policy: granted
 * and expired, or FAILED only where the broker gave up after its maximum of attempts. Nothing is
 * left in Azure, and every ARM call the sandbox failed is an {@code azure.call} audit event with its status.
 */
class ArmFaultsIT {

  // -Ddrill.faults.requests=400: a heavier load.
  private static final int REQUESTS = Integer.getInteger("drill.faults.requests", 40);
  private static final Duration ACCESS = Duration.ofSeconds(10);
  private static final int MAX_ATTEMPTS = 4;
  // The Azure SDK's own retries inside one attempt (AzureClients): one call and two more.
  private static final int CALLS_PER_ATTEMPT = 3;
  private static final String FAULT_RATES = """
      {"seed": 20260101, "errorRate": 0.3, "errorStatuses": [500, 503],
       "throttleRate": 0.03, "throttleBurst": 4, "retryAfter": "PT1S",
       "slowRate": 0.05, "slowLatency": "PT5S"}""";
  // Stalls and the SDK's backoff hold a worker (4 per broker) for about a second per request, on average.
  private static final Duration SETTLE = Duration.ofSeconds(Math.max(240, 2L * REQUESTS));

  @RegisterExtension
  final Drill drill = new Drill("arm-faults");

  @Test
  void armFailsThrottlesAndStalls_everyRequestEndsWithinTheRetryPolicy_andEveryFailedCallIsAudited() throws Exception {
    drill.setUp();
    Drill.Broker broker = drill.broker("broker", Map.of("jit.grants.max-attempts", Integer.toString(MAX_ATTEMPTS)));
    broker.start();
    drill.sandboxFaultRates(FAULT_RATES);

    Instant started = Instant.now();
    List<UUID> requests = new ArrayList<>();
    ExecutorService submitters = Executors.newFixedThreadPool(4);
    try {
      List<Future<UUID>> submitted = new ArrayList<>();
      for (int i = 0; i < REQUESTS; i++) {
        Tokens.User user = Tokens.newUser("faults-" + i);
        submitted.add(submitters.submit(() -> broker.submit(user, ACCESS)));
      }
      for (Future<UUID> f : submitted) {
        requests.add(f.get());
      }
    } finally {
      submitters.shutdownNow();
    }
    Drill.await("every request to end (EXPIRED or FAILED)", SETTLE, () -> {
      for (UUID id : requests) {
        String state = broker.request(id).get("state").asText();
        if (!state.equals("EXPIRED") && !state.equals("FAILED")) {
          return false;
        }
      }
      return true;
    });
    Duration endToEnd = Duration.between(started, Instant.now());

    // Faults off, then one reconcile pass that began afterwards: every call made under faults is committed by then.
    JsonNode injected = drill.sandboxFaultRates().get("injected");
    drill.sandboxFaultRates("{}");
    Instant quiet = Instant.now();
    Drill.await("a reconcile pass after the faults stopped", SETTLE, () -> broker.audit("azure.call").stream()
        .anyMatch(e -> e.get("requestId").isNull() && Instant.parse(e.get("at").asText()).isAfter(quiet)));

    List<JsonNode> calls = broker.audit("azure.call");
    Map<String, Integer> putsPerRequest = new HashMap<>();
    Map<String, Integer> deletesPerRequest = new HashMap<>();
    Map<String, Long> auditedFailures = new TreeMap<>();
    for (JsonNode e : calls) {
      JsonNode d = e.get("details");
      String method = d.get("method").asText();
      int status = d.get("status").asInt();
      if (status >= 400 || status == 0) {
        auditedFailures.merge(method + " " + status, 1L, Long::sum);
      }
      if (!e.get("requestId").isNull()) {
        String id = e.get("requestId").asText();
        if (method.equals("PUT")) {
          putsPerRequest.merge(id, 1, Integer::sum);
        } else if (method.equals("DELETE")) {
          deletesPerRequest.merge(id, 1, Integer::sum);
        }
      }
    }
    Map<String, Long> sandboxFailures = new TreeMap<>();
    for (JsonNode c : drill.sandboxCalls()) {
      if (c.get("status").asInt() >= 400 || c.get("status").asInt() == 0) {
        sandboxFailures.merge(c.get("method").asText() + " " + c.get("status").asInt(), c.get("count").asLong(), Long::sum);
      }
    }
    Map<String, Integer> grantRetries = new HashMap<>();
    int removeRetries = 0;
    for (JsonNode e : broker.audit("request.grant_retry")) {
      if (e.get("details").get("work").asText().equals("grant")) {
        grantRetries.merge(e.get("requestId").asText(), 1, Integer::sum);
      } else {
        removeRetries++;
      }
    }
    Map<String, JsonNode> failedEvents = new HashMap<>();
    broker.audit("request.failed").forEach(e -> failedEvents.put(e.get("requestId").asText(), e));

    int failed = 0;
    for (UUID id : requests) {
      JsonNode r = broker.request(id);
      String key = id.toString();
      int puts = putsPerRequest.getOrDefault(key, 0);
      assertTrue(puts <= MAX_ATTEMPTS * CALLS_PER_ATTEMPT,
          id + ": " + puts + " PUTs, more than " + MAX_ATTEMPTS + " attempts of " + CALLS_PER_ATTEMPT + " calls allow");
      assertTrue(grantRetries.getOrDefault(key, 0) <= MAX_ATTEMPTS - 1, id + " retried its grant "
          + grantRetries.get(key) + " times");
      if (r.get("state").asText().equals("FAILED")) {
        // Given up only after the last attempt the policy allows, on a failure worth retrying.
        failed++;
        JsonNode event = failedEvents.get(key);
        assertNotNull(event, "FAILED without a request.failed event: " + r);
        assertEquals(MAX_ATTEMPTS, event.get("details").get("attempts").asInt(), event.toString());
        assertTrue(r.get("lastError").asText().contains("Gave up after " + MAX_ATTEMPTS + " attempts"), r.toString());
        continue;
      }
      assertEquals("EXPIRED", r.get("state").asText(), r.toString());
      assertTrue(puts >= 1, id + " active without a PUT: " + r);
      assertNotNull(r.get("activatedAt").textValue(), id + " expired without having been active: " + r);
      assertNotNull(r.get("accessRemovedAt").textValue(), id + " expired, but its access was never removed: " + r);
      assertTrue(deletesPerRequest.getOrDefault(key, 0) >= 1, id + " expired without a DELETE: " + r);
    }
    assertEquals(List.of(), drill.sandboxAssignments(), "nothing of the broker's may be left in the sandbox");
    assertTrue(injected.path("500").asLong() + injected.path("503").asLong() > 0, "no error injected: " + injected);
    // Every failure the sandbox answered is in the audit trail, with its status: one event per attempt.
    assertEquals(sandboxFailures, auditedFailures, "failed ARM calls: the sandbox's count, then the audit's");

    long armCalls = calls.size();
    long failedCalls = sandboxFailures.values().stream().mapToLong(Long::longValue).sum();
    long putRetries = putsPerRequest.values().stream().mapToLong(n -> n - 1).sum();
    long deleteRetries = deletesPerRequest.values().stream().mapToLong(n -> Math.max(0, n - 1)).sum();
    int workerGrantRetries = grantRetries.values().stream().mapToInt(Integer::intValue).sum();
    System.out.printf("ArmFaultsIT: %d requests, %d ended EXPIRED and %d FAILED in %d s; %d ARM calls, %d failed %s; "
            + "injected %s; PUTs repeated %d times and DELETEs %d times; the workers retried %d grants and %d removals; "
            + "most PUTs for one request %d (policy: %d attempts of %d calls)%n",
        REQUESTS, REQUESTS - failed, failed, endToEnd.toSeconds(), armCalls, failedCalls, sandboxFailures, injected,
        putRetries, deleteRetries, workerGrantRetries, removeRetries,
        putsPerRequest.values().stream().mapToInt(Integer::intValue).max().orElse(0), MAX_ATTEMPTS, CALLS_PER_ATTEMPT);
  }
}

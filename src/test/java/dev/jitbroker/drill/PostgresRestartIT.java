package dev.jitbroker.drill;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jitbroker.testsupport.Tokens;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Postgres stops under a steady load of submits and starts again later. While it is down the broker
 * says so (readiness DOWN, liveness UP, submits 503 problem+json with Retry-After, quickly); once it
 * is back the same broker, never restarted, takes submits again, and every request it accepted is
 * granted and expires, nothing is left in Azure, and the audit chain verifies.
 */
class PostgresRestartIT {

  private static final Duration ACCESS = Duration.ofSeconds(10);
  private static final Duration BEFORE = Duration.ofSeconds(6);
  // -Ddrill.postgres.outage=PT60S: a longer outage.
  private static final Duration OUTAGE = Duration.parse(System.getProperty("drill.postgres.outage", "PT15S"));
  private static final Duration AFTER = Duration.ofSeconds(6);
  private static final int SUBMITTERS = Integer.getInteger("drill.postgres.submitters", 2);
  // Each submitter asks about four times a second: about 8 grants and 8 removals a second, within ARM's budget.
  private static final Duration PAUSE = Duration.ofMillis(250);
  // An answer later than this counts as a hang: the database's connection wait (5 s) plus slack.
  private static final Duration ANSWER_WITHIN = Duration.ofSeconds(15);
  private static final Duration SETTLE = Duration.ofMinutes(3);

  @RegisterExtension
  final Drill drill = new Drill("postgres-restart");

  /** One submit: when it was sent and answered, and what came back (status -1: no answer in time; -2: dropped). */
  record Attempt(Instant sent, Instant answered, int status, String contentType, String retryAfter, String body) {
    UUID id() {
      try {
        return UUID.fromString(Drill.JSON.readTree(body).get("id").asText());
      } catch (IOException e) {
        throw new AssertionError("a 201 without a readable id: " + body, e);
      }
    }
  }

  @Test
  void postgresStopsUnderLoad_brokerAnswers503AndNotReady_thenRecoversByItself_andEveryAcceptedRequestCompletes()
      throws Exception {
    Instant started = Instant.now();
    drill.setUp();
    Drill.Broker broker = drill.broker("broker", Map.of());
    broker.start();

    ConcurrentLinkedQueue<Attempt> attempts = new ConcurrentLinkedQueue<>();
    AtomicBoolean submitting = new AtomicBoolean(true);
    AtomicInteger users = new AtomicInteger();
    List<Thread> submitters = new ArrayList<>();
    for (int t = 0; t < SUBMITTERS; t++) {
      Thread thread = new Thread(() -> submitUntilStopped(broker, submitting, users, attempts), "submitter-" + t);
      thread.start();
      submitters.add(thread);
    }
    List<String> readyWhileDown = new ArrayList<>();
    List<Integer> liveWhileDown = new ArrayList<>();
    Instant down;
    Instant up;
    Duration recovery;
    try {
      Thread.sleep(BEFORE.toMillis());
      assertEquals(200, broker.health("ready", ANSWER_WITHIN), "ready before the outage");

      drill.stopPostgres();
      down = Instant.now();
      Instant firstNotReady = null;
      while (Duration.between(down, Instant.now()).compareTo(OUTAGE) < 0) {
        int ready = healthOrTimeout(broker, "ready");
        if (ready != 200 && firstNotReady == null) {
          firstNotReady = Instant.now();
        }
        if (firstNotReady != null) {
          readyWhileDown.add(Integer.toString(ready));
        }
        liveWhileDown.add(healthOrTimeout(broker, "live"));
        Thread.sleep(500);
      }
      assertNotNull(firstNotReady, "readiness never turned DOWN in " + OUTAGE + " without a database");
      System.out.printf("PostgresRestartIT: readiness DOWN %d ms after Postgres stopped%n",
          Duration.between(down, firstNotReady).toMillis());

      drill.startPostgres();
      up = Instant.now();
      Drill.await("readiness UP again after Postgres came back, without restarting the broker", SETTLE,
          () -> healthOrTimeout(broker, "ready") == 200);
      recovery = Duration.between(up, Instant.now());
      assertTrue(broker.process.alive(), "the broker was not restarted");
      Thread.sleep(AFTER.toMillis());
    } finally {
      submitting.set(false);
      for (Thread thread : submitters) {
        thread.join();
      }
    }

    // Submits sent after Postgres stopped and answered before it started again saw it down the whole time.
    List<Attempt> whileDown = attempts.stream()
        .filter(a -> a.sent().isAfter(down) && a.answered().isBefore(up)).toList();
    List<Attempt> after = attempts.stream().filter(a -> a.sent().isAfter(up.plus(recovery))).toList();
    List<Attempt> accepted = attempts.stream().filter(a -> a.status() == 201).toList();
    System.out.printf("PostgresRestartIT: %d submits (%s); %d while down (%s), answered in %d ms at most; "
            + "ready while down %s; ready again %d ms after Postgres started; %d accepted%n",
        attempts.size(), byStatus(attempts), whileDown.size(), byStatus(whileDown), slowest(whileDown).toMillis(),
        byCount(readyWhileDown), recovery.toMillis(), accepted.size());

    assertTrue(whileDown.size() >= SUBMITTERS, "too few submits while the database was down: " + whileDown.size());
    for (Attempt a : whileDown) {
      assertEquals(503, a.status(), "a submit while the database was down answered: " + a);
      assertTrue(a.contentType() != null && a.contentType().startsWith("application/problem+json"), a.toString());
      assertNotNull(a.retryAfter(), "a 503 without Retry-After: " + a);
      JsonNode problem = Drill.JSON.readTree(a.body());
      assertEquals(503, problem.get("status").asInt(), a.toString());
      assertFalse(problem.get("type").asText().isBlank(), a.toString());
    }
    assertTrue(readyWhileDown.stream().allMatch("503"::equals), "readiness once DOWN stays DOWN: " + readyWhileDown);
    assertTrue(liveWhileDown.stream().allMatch(s -> s == 200), "liveness while the database was down: " + liveWhileDown);
    assertFalse(after.isEmpty(), "no submit after the recovery");
    assertTrue(after.stream().allMatch(a -> a.status() == 201), "submits after the recovery: " + byStatus(after));
    // -1: no answer within ANSWER_WITHIN; -2: the connection dropped.
    assertTrue(attempts.stream().noneMatch(a -> a.status() >= 500 && a.status() != 503 || a.status() < 0),
        "a 5xx other than 503, no answer within " + ANSWER_WITHIN + ", or a dropped connection: " + byStatus(attempts));

    List<UUID> ids = accepted.stream().map(Attempt::id).toList();
    Drill.await("every accepted request to be granted and then to expire", SETTLE, () -> {
      for (UUID id : ids) {
        if (!broker.request(id).get("state").asText().equals("EXPIRED")) {
          return false;
        }
      }
      return true;
    });
    for (UUID id : ids) {
      JsonNode r = broker.request(id);
      assertNotNull(r.get("activatedAt").textValue(), id + " expired without having been active: " + r);
      assertNotNull(r.get("accessRemovedAt").textValue(), id + " expired, but its access was never removed: " + r);
    }
    assertEquals(List.of(), drill.sandboxAssignments(), "nothing of the broker's may be left in the sandbox");
    Drill.await("every audit event to be sealed into the chain", SETTLE,
        () -> broker.verifyAudit().get("unsealed").asLong() == 0);
    JsonNode verification = broker.verifyAudit();
    assertTrue(verification.get("valid").asBoolean(), "the audit chain: " + verification);
    System.out.printf("PostgresRestartIT: %d requests granted and expired, %d audit events verified, %d s in all%n",
        ids.size(), verification.get("checked").asLong(), Duration.between(started, Instant.now()).toSeconds());
  }

  private static void submitUntilStopped(Drill.Broker broker, AtomicBoolean submitting, AtomicInteger users,
      ConcurrentLinkedQueue<Attempt> attempts) {
    while (submitting.get()) {
      Tokens.User user = Tokens.newUser("pg-" + users.incrementAndGet());
      Instant sent = Instant.now();
      try {
        HttpResponse<String> r = broker.trySubmit(user, ACCESS, ANSWER_WITHIN);
        attempts.add(new Attempt(sent, Instant.now(), r.statusCode(), r.headers().firstValue("Content-Type").orElse(null),
            r.headers().firstValue("Retry-After").orElse(null), r.body()));
      } catch (java.net.http.HttpTimeoutException e) {
        attempts.add(new Attempt(sent, Instant.now(), -1, null, null, "no answer within " + ANSWER_WITHIN));
      } catch (IOException e) {
        attempts.add(new Attempt(sent, Instant.now(), -2, null, null, e.toString()));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      try {
        Thread.sleep(PAUSE.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private static int healthOrTimeout(Drill.Broker broker, String which) throws InterruptedException {
    try {
      return broker.health(which, ANSWER_WITHIN);
    } catch (IOException e) {
      return -1;
    }
  }

  private static Map<Integer, Long> byStatus(java.util.Collection<Attempt> attempts) {
    Map<Integer, Long> counts = new TreeMap<>();
    attempts.forEach(a -> counts.merge(a.status(), 1L, Long::sum));
    return counts;
  }

  private static Map<String, Long> byCount(List<String> values) {
    Map<String, Long> counts = new TreeMap<>();
    values.forEach(v -> counts.merge(v, 1L, Long::sum));
    return counts;
  }

  private static Duration slowest(List<Attempt> attempts) {
    return attempts.stream().map(a -> Duration.between(a.sent(), a.answered())).max(Duration::compareTo)
        .orElse(Duration.ZERO);
  }
}

package dev.jitbroker.drill;

import dev.jitbroker.request.RequestState;
import dev.jitbroker.testsupport.Tokens;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The policy and settings of the drills with notifications: Reader on {@code drill-*} groups is approved
 * at once; Reader on {@code approve-*} groups waits for an approver, and its approvers hear of it on the
 * webhook channel, which also tells requesters everything after.
 */
final class MixedLoad {

  static final String AUTO_SCOPE = "/subscriptions/" + Drill.SUBSCRIPTION + "/resourceGroups/drill-rg";
  static final String APPROVAL_SCOPE = "/subscriptions/" + Drill.SUBSCRIPTION + "/resourceGroups/approve-rg";
  static final String POLICY = """
      rules:
        - name: drill-auto-readers
          match:
            scopes: [/subscriptions/%1$s/resourceGroups/drill-*]
            roles: [Reader]
          outcome:
            auto:
              maxDuration: PT1H
        - name: drill-approved-readers
          match:
            scopes: [/subscriptions/%1$s/resourceGroups/approve-*]
            roles: [Reader]
          outcome:
            approval:
              approvers: { roles: [approver] }
            notify: [drill-hook]
      """.formatted(Drill.SUBSCRIPTION);

  private MixedLoad() {}

  /** Whether a request is over: a terminal state, and a revoked request's access removed (if it had any). */
  static boolean ended(com.fasterxml.jackson.databind.JsonNode r) {
    RequestState state = RequestState.valueOf(r.get("state").asText());
    if (state == RequestState.REVOKED) {
      return r.get("grantRef").isNull() || !r.get("accessRemovedAt").isNull();
    }
    return state.isTerminal();
  }

  /**
   * The notification settings of a broker in these drills: every notification goes to {@code sink}, is
   * looked for every 200 ms, and one left by a killed broker is sent again 4 s after it was claimed.
   */
  static Map<String, String> notifySettings(WebhookSink sink) {
    Map<String, String> s = new HashMap<>(sink.channelSettings());
    s.put("jit.notify.poll-interval", "0.2s");
    s.put("jit.notify.timeout", "PT2S");
    s.put("jit.notify.lease", "PT4S");
    s.put("jit.notify.backoff-base", "PT0.2S");
    s.put("jit.notify.backoff-max", "PT1S");
    // Seconds-long access still gets its "expiring" warning.
    s.put("jit.notify.expiring-lead", "PT3S");
    return s;
  }

  /**
   * A steady mixed load through the brokers' APIs, each choice drawn from a seeded {@link Random}:
   * submits approved at once, submits that wait for an approver, approvals and denials by an approver,
   * revokes by an admin and cancels by the requester. A broker that is down (killed, restarting) only
   * costs a step: connection failures are counted, not fatal. Answers of 500 or more are kept for the
   * drill to report: nothing a caller sends may make the broker fail. Several threads may run one
   * generator.
   */
  static final class Generator implements Runnable {

    private final BrokerApi api;
    private final List<URI> brokers;
    private final Random random;
    private final Duration minAccess;
    private final Duration maxAccess;
    private final Tokens.User approver = Tokens.newUser("drill-approver", "approver");
    private final Tokens.User admin = Tokens.newUser("drill-admin", "admin");
    private final Map<UUID, Tokens.User> waiting = new ConcurrentHashMap<>();
    private final List<UUID> approved = new CopyOnWriteArrayList<>();
    private final List<UUID> submitted = new CopyOnWriteArrayList<>();
    private final Map<String, Integer> answers = new TreeMap<>();
    private final List<String> serverErrors = new CopyOnWriteArrayList<>();
    private volatile boolean running = true;
    private final AtomicInteger unreachable = new AtomicInteger();
    private final AtomicInteger steps = new AtomicInteger();

    Generator(BrokerApi api, List<URI> brokers, Random random, Duration minAccess, Duration maxAccess) {
      this.api = api;
      this.brokers = List.copyOf(brokers);
      this.random = random;
      this.minAccess = minAccess;
      this.maxAccess = maxAccess;
    }

    @Override
    public void run() {
      while (running) {
        try {
          step();
          Thread.sleep(20 + random.nextInt(80));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }

    void stop() {
      running = false;
    }

    /** One action against one broker, drawn at random. */
    void step() throws InterruptedException {
      steps.incrementAndGet();
      URI broker = brokers.get(random.nextInt(brokers.size()));
      int roll = random.nextInt(100);
      try {
        if (roll < 30) {
          submit(broker, AUTO_SCOPE);
        } else if (roll < 60) {
          submit(broker, APPROVAL_SCOPE);
        } else if (roll < 85) {
          UUID id = pick(new ArrayList<>(waiting.keySet()));
          if (id != null) {
            boolean approve = random.nextInt(100) < 70;
            BrokerApi.Answer a = record(approve ? "approve" : "deny", api.act(broker, id, approve ? "approve" : "deny", approver));
            if (a.ok() || a.status() == 409) {
              waiting.remove(id);
            }
            if (a.ok() && approve) {
              approved.add(id);
            }
          }
        } else if (roll < 95) {
          UUID id = pick(approved);
          if (id != null) {
            BrokerApi.Answer a = record("revoke", api.act(broker, id, "revoke", admin));
            if (a.ok() || a.status() == 409) {
              approved.remove(id);
            }
          }
        } else {
          UUID id = pick(new ArrayList<>(waiting.keySet()));
          if (id != null) {
            BrokerApi.Answer a = record("cancel", api.act(broker, id, "cancel", waiting.get(id)));
            if (a.ok() || a.status() == 409) {
              waiting.remove(id);
            }
          }
        }
      } catch (IOException down) {
        // Killed or still starting: wait a little rather than count a burst of refusals.
        unreachable.incrementAndGet();
        Thread.sleep(200);
      }
    }

    private void submit(URI broker, String scope) throws IOException, InterruptedException {
      Tokens.User requester = Tokens.newUser("load-" + submitted.size());
      long seconds = minAccess.toSeconds() + random.nextInt((int) (maxAccess.toSeconds() - minAccess.toSeconds()) + 1);
      BrokerApi.Answer a = record("submit", api.submit(broker, requester, scope, Duration.ofSeconds(seconds)));
      if (a.status() == 201) {
        UUID id = UUID.fromString(a.body().get("id").asText());
        submitted.add(id);
        if (a.body().get("state").asText().equals("PENDING")) {
          waiting.put(id, requester);
        } else {
          approved.add(id);
        }
      }
    }

    private UUID pick(List<UUID> from) {
      return from.isEmpty() ? null : from.get(random.nextInt(from.size()));
    }

    private synchronized BrokerApi.Answer record(String action, BrokerApi.Answer a) {
      answers.merge(action + " " + a.status(), 1, Integer::sum);
      if (a.status() >= 500) {
        serverErrors.add(action + " answered " + a.status() + ": " + a.body());
      }
      return a;
    }

    /** The requests this load was told it submitted (a submit cut off by a kill may exist unseen). */
    List<UUID> submitted() {
      return List.copyOf(submitted);
    }

    /** Answers by action and status, e.g. {@code approve 200=12, approve 409=1}. */
    synchronized Map<String, Integer> answers() {
      return new TreeMap<>(answers);
    }

    List<String> serverErrors() {
      return List.copyOf(serverErrors);
    }

    int unreachable() {
      return unreachable.get();
    }

    int steps() {
      return steps.get();
    }
  }
}

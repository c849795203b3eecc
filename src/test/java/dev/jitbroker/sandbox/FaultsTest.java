package dev.jitbroker.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** Faults at rates: reproducible from a seed, near their rates over many calls, 429s in bursts, slow calls. */
class FaultsTest {

  private static final int CALLS = 20_000;

  private final Faults faults = new Faults();

  @Test
  void draw_withoutRates_injectsNothing() {
    for (int i = 0; i < 100; i++) {
      assertEquals(Faults.Draw.NONE, faults.draw());
    }
    assertEquals(Map.of(), faults.injected());
  }

  @Test
  void draw_sameSeed_givesTheSameFaults_andAnotherSeedOthers() {
    List<String> first = outcomes(rates(7, 0.3, 0.02, 3, 0.05), 500);
    List<String> again = outcomes(rates(7, 0.3, 0.02, 3, 0.05), 500);
    List<String> other = outcomes(rates(8, 0.3, 0.02, 3, 0.05), 500);
    assertEquals(first, again);
    assertNotEquals(first, other);
  }

  @Test
  void draw_errorRate_failsAboutThatShareOfCalls_withTheStatusesGiven() {
    faults.rates(new FaultRates(11, 0.3, List.of(500, 503), 0, 1, Duration.ofSeconds(1), 0, Duration.ZERO));
    int failed = 0;
    for (int i = 0; i < CALLS; i++) {
      Faults.Draw d = faults.draw();
      if (d.failure().isPresent()) {
        failed++;
        int status = d.failure().get().status();
        assertTrue(status == 500 || status == 503, "status " + status);
      }
      assertEquals(Duration.ZERO, d.latency());
    }
    // 0.3 of 20,000 is 6,000 with a standard deviation of about 65: a band of seven deviations.
    assertTrue(failed > 5_550 && failed < 6_450, failed + " failures of " + CALLS);
    Map<String, Long> injected = faults.injected();
    assertEquals(failed, injected.get("500") + injected.get("503"));
    assertTrue(injected.get("500") > 2_500 && injected.get("503") > 2_500, "both statuses drawn: " + injected);
  }

  @Test
  void draw_throttleRate_answers429InBursts_withRetryAfter() {
    faults.rates(new FaultRates(3, 0, List.of(500), 0.01, 5, Duration.ofSeconds(2), 0, Duration.ZERO));
    List<Integer> run = new ArrayList<>();
    List<Integer> bursts = new ArrayList<>();
    for (int i = 0; i < CALLS; i++) {
      Faults.Draw d = faults.draw();
      if (d.failure().isPresent()) {
        ArmError e = d.failure().get();
        assertEquals(429, e.status());
        assertEquals(Duration.ofSeconds(2), e.retryAfter().orElseThrow());
        run.add(i);
      } else if (!run.isEmpty()) {
        bursts.add(run.size());
        run.clear();
      }
    }
    assertTrue(bursts.size() > 100, bursts.size() + " bursts");
    // A burst is five 429s in a row; one that starts as another ends joins it, so runs are multiples of five.
    assertTrue(bursts.stream().allMatch(n -> n % 5 == 0), "runs of 429s: " + bursts);
    assertEquals(bursts.stream().mapToLong(n -> n).sum(), faults.injected().get("429"));
  }

  @Test
  void draw_slowRate_holdsThatShareOfCalls_whateverTheyAnswer() {
    faults.rates(new FaultRates(5, 0.5, List.of(503), 0, 1, Duration.ofSeconds(1), 0.1, Duration.ofSeconds(5)));
    int slow = 0;
    int slowAndFailed = 0;
    for (int i = 0; i < CALLS; i++) {
      Faults.Draw d = faults.draw();
      if (!d.latency().isZero()) {
        assertEquals(Duration.ofSeconds(5), d.latency());
        slow++;
        slowAndFailed += d.failure().isPresent() ? 1 : 0;
      }
    }
    assertTrue(slow > 1_700 && slow < 2_300, slow + " slow calls of " + CALLS);
    assertTrue(slowAndFailed > 0 && slowAndFailed < slow, "slow calls fail at the error rate too: " + slowAndFailed);
    assertEquals(slow, faults.injected().get("slow"));
  }

  @Test
  void rates_replaced_startTheirSequenceAfresh_andClearStopsThem() {
    FaultRates r = rates(21, 0.4, 0.05, 2, 0.1);
    List<String> first = outcomes(r, 200);
    faults.rates(r);
    List<String> replayed = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      replayed.add(describe(faults.draw()));
    }
    assertEquals(first, replayed);
    faults.clear();
    assertEquals(Faults.Draw.NONE, faults.draw());
    assertEquals(FaultRates.NONE, faults.rates());
  }

  @Test
  void oneShotFailures_stillComeFirst_andAreCountedApart() {
    faults.rates(rates(1, 1.0, 0, 1, 0));
    faults.failNext(1, 403);
    assertEquals(OptionalInt.of(403), faults.takeFailure());
    assertEquals(OptionalInt.empty(), faults.takeFailure());
    assertTrue(faults.draw().failure().isPresent(), "an error rate of 1 fails every call");
  }

  @Test
  void faultRates_refuseWhatCannotBeInjected() {
    assertThrows(IllegalArgumentException.class, () -> rates(1, 1.5, 0, 1, 0));
    assertThrows(IllegalArgumentException.class, () -> rates(1, -0.1, 0, 1, 0));
    assertThrows(IllegalArgumentException.class, () -> rates(1, 0.7, 0.5, 1, 0));
    assertThrows(IllegalArgumentException.class, () -> rates(1, 0.1, 0.1, 0, 0));
    assertThrows(IllegalArgumentException.class, () -> rates(1, Double.NaN, 0, 1, 0));
    assertThrows(IllegalArgumentException.class,
        () -> new FaultRates(1, 0.1, List.of(404), 0, 1, Duration.ofSeconds(1), 0, Duration.ZERO));
    assertThrows(IllegalArgumentException.class,
        () -> new FaultRates(1, 0.1, List.of(), 0, 1, Duration.ofSeconds(1), 0, Duration.ZERO));
    assertThrows(IllegalArgumentException.class,
        () -> new FaultRates(1, 0, List.of(500), 0.1, 1, Duration.ofMillis(1500), 0, Duration.ZERO));
    assertThrows(IllegalArgumentException.class,
        () -> new FaultRates(1, 0, List.of(500), 0, 1, Duration.ofSeconds(1), 0.1, Duration.ofMinutes(2)));
    assertThrows(IllegalArgumentException.class,
        () -> new FaultRates(1, 0, List.of(500), 0, 1, Duration.ofSeconds(1), 0.1, Duration.ofSeconds(-1)));
  }

  private List<String> outcomes(FaultRates rates, int calls) {
    faults.rates(rates);
    List<String> out = new ArrayList<>();
    for (int i = 0; i < calls; i++) {
      out.add(describe(faults.draw()));
    }
    return out;
  }

  private static String describe(Faults.Draw d) {
    return d.latency().toMillis() + "/" + d.failure().map(e -> Integer.toString(e.status())).orElse("ok");
  }

  private static FaultRates rates(long seed, double errorRate, double throttleRate, int burst, double slowRate) {
    return new FaultRates(seed, errorRate, List.of(500, 503), throttleRate, burst, Duration.ofSeconds(1), slowRate,
        Duration.ofSeconds(5));
  }
}

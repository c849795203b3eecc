package dev.jitbroker.bench;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;

/**
 * A load generator: N clients, each on its own thread over a kept-alive HTTP/1.1 connection of its
 * own ({@link RawHttp}, lean, so that the load takes little of the CPU the service shares). Closed
 * loop ({@link #run}): each client sends its next request as soon as the previous one answered, and
 * latency is recorded from send to the last byte of the answer. Paced ({@link #paced}): the clients
 * share a fixed arrival rate, each request has its scheduled time, and latency is recorded from that
 * time, so a request that waited for its client counts its wait (no coordinated omission). Nothing
 * is recorded during the warm-up.
 */
final class Load {

  /** Builds client {@code client}'s {@code n}th request. */
  @FunctionalInterface
  interface Requests {
    Call next(int client, long n);

    /** The status every answer must have; 0: any status below 300. */
    default int expectedStatus() {
      return 0;
    }
  }

  /** The same requests, each of which must be answered with {@code status} to count as done. */
  static Requests expecting(int status, Requests requests) {
    return new Requests() {
      @Override
      public Call next(int client, long n) {
        return requests.next(client, n);
      }

      @Override
      public int expectedStatus() {
        return status;
      }
    };
  }

  /** What one run measured. */
  record Result(int clients, long ok, long failed, double seconds, Histogram latencyMicros, List<String> failures) {

    double perSecond() {
      return ok / seconds;
    }

    double ms(double percentile) {
      return latencyMicros.getValueAtPercentile(percentile) / 1000.0;
    }

    Map<String, Object> json() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("clients", clients);
      m.put("requests", ok);
      m.put("failed", failed);
      m.put("seconds", round(seconds));
      m.put("perSecond", round(perSecond()));
      m.put("p50Ms", round(ms(50)));
      m.put("p99Ms", round(ms(99)));
      m.put("p999Ms", round(ms(99.9)));
      m.put("maxMs", round(latencyMicros.getMaxValue() / 1000.0));
      if (!failures.isEmpty()) {
        m.put("firstFailures", failures);
      }
      return m;
    }
  }

  private Load() {}

  /** Runs {@code clients} clients for {@code warmUp} (not recorded) and then {@code measure}. */
  static Result run(int clients, Duration warmUp, Duration measure, Requests requests) throws InterruptedException {
    return run(clients, 0, warmUp, measure, requests);
  }

  /** Runs {@code clients} clients sending {@code perSecond} requests a second between them. */
  static Result paced(int clients, double perSecond, Duration warmUp, Duration measure, Requests requests)
      throws InterruptedException {
    if (perSecond <= 0) {
      throw new IllegalArgumentException("a paced run needs a positive rate");
    }
    return run(clients, perSecond, warmUp, measure, requests);
  }

  private static Result run(int clients, double perSecond, Duration warmUp, Duration measure, Requests requests)
      throws InterruptedException {
    long start = System.nanoTime();
    // Paced: client i's requests are due at start + (i + k * clients) / perSecond.
    long period = perSecond > 0 ? Math.round(clients * 1e9 / perSecond) : 0;
    int expected = requests.expectedStatus();
    long recordFrom = start + warmUp.toNanos();
    long end = recordFrom + measure.toNanos();
    AtomicLong ok = new AtomicLong();
    AtomicLong failed = new AtomicLong();
    ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
    List<Histogram> histograms = new ArrayList<>();
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < clients; i++) {
      int client = i;
      Histogram h = new Histogram(60_000_000L, 3);
      histograms.add(h);
      threads.add(new Thread(() -> {
        long n = 0;
        long due = start + (period > 0 ? Math.round(client * 1e9 / perSecond) : 0);
        try (RawHttp http = new RawHttp()) {
          while (true) {
            Call call = requests.next(client, n++);
            if (period > 0) {
              long wait = due - System.nanoTime();
              if (wait > 0) {
                try {
                  TimeUnit.NANOSECONDS.sleep(wait);
                } catch (InterruptedException e) {
                  return;
                }
              }
            }
            long sent = System.nanoTime();
            // Paced: latency counts from the request's due time, even when its client was still busy.
            long t0 = period > 0 ? due : sent;
            due += period;
            if (t0 >= end) {
              return;
            }
            String problem = null;
            try {
              RawHttp.Answer answer = http.send(call, expected);
              if (answer.start() != null) {
                problem = answer.status() + " " + answer.start();
              }
            } catch (IOException e) {
              problem = e.toString();
            }
            long t1 = System.nanoTime();
            if (t0 >= recordFrom && t1 <= end) {
              if (problem == null) {
                ok.incrementAndGet();
                h.recordValue(Math.max(1, (t1 - t0) / 1000));
              } else {
                failed.incrementAndGet();
                if (failures.size() < 5) {
                  failures.add(problem);
                }
              }
            }
          }
        }
      }, "load-" + i));
    }
    threads.forEach(Thread::start);
    for (Thread t : threads) {
      t.join();
    }
    Histogram all = new Histogram(60_000_000L, 3);
    histograms.forEach(all::add);
    return new Result(clients, ok.get(), failed.get(), measure.toNanos() / 1e9, all, List.copyOf(failures));
  }

  static double round(double value) {
    return Math.round(value * 10) / 10.0;
  }
}

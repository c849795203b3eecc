package dev.jitbroker.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;

/**
 * A closed-loop load generator: N clients, each on its own thread, each sending its next request as
 * soon as the previous one answered, over kept-alive HTTP/1.1 connections. Latency is recorded from
 * send to the last byte of the answer, after a warm-up that is not recorded.
 */
final class Load {

  /** Builds client {@code client}'s {@code n}th request. */
  @FunctionalInterface
  interface Requests {
    HttpRequest next(int client, long n);
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

  private static final HttpClient HTTP = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(10))
      .build();

  private Load() {}

  /** Runs {@code clients} clients for {@code warmUp} (not recorded) and then {@code measure}. */
  static Result run(int clients, Duration warmUp, Duration measure, Requests requests) throws InterruptedException {
    long start = System.nanoTime();
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
        while (true) {
          HttpRequest request = requests.next(client, n++);
          long t0 = System.nanoTime();
          if (t0 >= end) {
            return;
          }
          int status;
          String problem = null;
          try {
            HttpResponse<InputStream> response = HTTP.send(request, HttpResponse.BodyHandlers.ofInputStream());
            status = response.statusCode();
            try (InputStream body = response.body()) {
              if (status >= 300) {
                problem = status + " " + new String(body.readNBytes(300));
              } else {
                body.transferTo(OutputStream.nullOutputStream());
              }
            }
          } catch (IOException e) {
            status = -1;
            problem = e.toString();
          } catch (InterruptedException e) {
            return;
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

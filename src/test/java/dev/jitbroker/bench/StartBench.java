package dev.jitbroker.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Start and footprint: the packaged service from process start to a ready health check (the first
 * start migrates an empty database; then the median of N starts), and its resident memory idle and
 * after a minute of submits from 64 clients. Run with {@code bench/start}.
 */
@Tag("bench")
class StartBench {

  @Test
  void start() throws Exception {
    int starts = Integer.getInteger("bench.starts", 7);
    int loadSeconds = Integer.getInteger("bench.seconds", 60);
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("machine", Machine.describe());
    try (Rig rig = new Rig("start")) {
      rig.createDatabase(Rig.DATABASE);
      rig.startSandbox();
      Rig.Service service = rig.service("service", Map.of());
      double first = timedStart(service);
      double idleFirst = service.rssMiB();
      service.stop();
      List<Double> times = new ArrayList<>();
      for (int i = 0; i < starts; i++) {
        times.add(timedStart(service));
        if (i < starts - 1) {
          service.stop();
        }
      }
      Thread.sleep(2000);
      double idle = service.rssMiB();
      Load.Result load = Load.run(64, Duration.ofSeconds(5), Duration.ofSeconds(loadSeconds),
          new SubmitBench.Submitter(rig, service, 64));
      double afterLoad = service.rssMiB();
      List<Double> sorted = times.stream().sorted().toList();
      double median = sorted.get(sorted.size() / 2);
      json.put("firstStartSecondsMigrating", Load.round(first * 100) / 100.0);
      json.put("startSeconds", times);
      json.put("medianStartSeconds", median);
      json.put("rssMiB", Map.of("idleAfterFirstStart", Load.round(idleFirst), "idle", Load.round(idle),
          "afterSubmitLoad", Load.round(afterLoad)));
      json.put("submitLoad", load.json());
      json.put("serviceJvm", Rig.SERVICE_JVM);
      json.put("machineAtEnd", Machine.describe());
      String table = String.format(Locale.ROOT, """
          | start and footprint (%s) | figure |
          |---|---|
          | start to ready, first start (migrates an empty database) | %.2f s |
          | start to ready, median of %d starts (min %.2f, max %.2f) | %.2f s |
          | RSS idle after start | %.0f MiB |
          | RSS after %d s of submits from 64 clients (%.0f req/s) | %.0f MiB |
          """, String.join(" ", Rig.SERVICE_JVM), first, starts, sorted.get(0), sorted.get(sorted.size() - 1), median,
          idle, loadSeconds, load.perSecond(), afterLoad);
      System.out.println(table);
      Files.writeString(Path.of("target", "bench", "start.json"), SubmitBench.JSON.writeValueAsString(json));
      Files.writeString(rig.dir.resolve("table.md"), table);
    }
  }

  private static double timedStart(Rig.Service service) throws Exception {
    long t0 = System.nanoTime();
    service.start();
    return Math.round((System.nanoTime() - t0) / 1e7) / 100.0;
  }
}

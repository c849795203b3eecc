package dev.jitbroker.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.HdrHistogram.Histogram;

/**
 * Runs {@code pgbench} with a custom script against the bench cluster: transactions per second, and
 * latency percentiles from its per-transaction log.
 */
final class Pgbench {

  /** What one pgbench run measured. */
  record Result(int clients, double tps, long transactions, long failed, Histogram latencyMicros) {

    double ms(double percentile) {
      return latencyMicros.getValueAtPercentile(percentile) / 1000.0;
    }

    Map<String, Object> json() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("clients", clients);
      m.put("tps", Load.round(tps));
      m.put("transactions", transactions);
      m.put("failed", failed);
      m.put("p50Ms", Load.round(ms(50)));
      m.put("p99Ms", Load.round(ms(99)));
      m.put("p999Ms", Load.round(ms(99.9)));
      return m;
    }
  }

  /**
   * Waits until pgbench's server processes have left and the postmaster has reaped them. A backend's
   * CPU moves to the postmaster's account only when it is reaped; read in between, after it left the
   * process list and before that, it was counted nowhere, and a run's Postgres CPU came out too low
   * (a 5 s run with 1 client showed 0.03 ms a transaction).
   */
  private void awaitBackendsGone() throws InterruptedException {
    long deadline = System.nanoTime() + 10_000_000_000L;
    try (java.sql.Connection c = java.sql.DriverManager.getConnection(
            "jdbc:postgresql://127.0.0.1:" + port + "/postgres", "postgres", "");
        java.sql.PreparedStatement left = c.prepareStatement(
            "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'pgbench'")) {
      while (System.nanoTime() < deadline) {
        try (java.sql.ResultSet rs = left.executeQuery()) {
          rs.next();
          if (rs.getInt(1) == 0) {
            break;
          }
        }
        Thread.sleep(20);
      }
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException("could not ask Postgres whether pgbench's connections are gone", e);
    }
    // Gone from the activity list; the postmaster reaps them within milliseconds.
    Thread.sleep(300);
  }

  private static final Pattern TPS = Pattern.compile("tps = ([0-9.]+)");
  private static final Pattern FAILED = Pattern.compile("number of failed transactions: (\\d+)");

  private final Path bin;
  private final int port;
  private final String database;
  private final Path work;

  Pgbench(Path bin, int port, String database, Path work) {
    this.bin = bin;
    this.port = port;
    this.database = database;
    this.work = work;
  }

  /** Runs {@code script} with {@code clients} connections (two threads at most) for {@code seconds}. */
  Result run(Path script, int clients, int seconds) throws IOException, InterruptedException {
    return run(script, clients, seconds, 0);
  }

  /**
   * The same at {@code perSecond} transactions a second ({@code --rate}; 0: as fast as it can). Paced,
   * pgbench counts each transaction's latency from its scheduled start, as {@link Load#paced} does.
   */
  Result run(Path script, int clients, int seconds, double perSecond) throws IOException, InterruptedException {
    String name = "pgbench-" + clients + (perSecond > 0 ? "-at-" + Math.round(perSecond) : "");
    Path logs = work.resolve(name);
    if (Files.exists(logs)) {
      try (Stream<Path> old = Files.list(logs)) {
        for (Path p : old.toList()) {
          Files.delete(p);
        }
      }
    }
    Files.createDirectories(logs);
    List<String> command = new ArrayList<>(List.of(
        bin.resolve("pgbench").toString(), "-n", "-M", "prepared", "-f", script.toAbsolutePath().toString(),
        "-c", Integer.toString(clients), "-j", Integer.toString(Math.min(2, clients)), "-T", Integer.toString(seconds),
        "-l", "--log-prefix=" + logs.resolve("tx"), "-h", "127.0.0.1", "-p", Integer.toString(port), "-U", "postgres"));
    if (perSecond > 0) {
      command.addAll(List.of("-R", String.format(java.util.Locale.ROOT, "%.1f", perSecond)));
    }
    command.add(database);
    Path out = work.resolve(name + ".out");
    Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
    if (!p.waitFor(seconds + 120L, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IllegalStateException("pgbench did not finish; see " + out);
    }
    awaitBackendsGone();
    String text = Files.readString(out);
    Matcher tps = TPS.matcher(text);
    if (p.exitValue() != 0 || !tps.find()) {
      throw new IllegalStateException("pgbench failed (exit " + p.exitValue() + "):\n" + text);
    }
    Matcher failed = FAILED.matcher(text);
    Histogram h = new Histogram(60_000_000L, 3);
    long n = 0;
    try (Stream<Path> files = Files.list(logs)) {
      for (Path f : files.toList()) {
        for (String line : Files.readAllLines(f)) {
          // client_id transaction_no time script_no time_epoch time_us: time is the latency in microseconds.
          String[] parts = line.split(" ");
          h.recordValue(Math.max(1, Long.parseLong(parts[2])));
          n++;
        }
      }
    }
    return new Result(clients, Double.parseDouble(tps.group(1)), n, failed.find() ? Long.parseLong(failed.group(1)) : 0, h);
  }
}

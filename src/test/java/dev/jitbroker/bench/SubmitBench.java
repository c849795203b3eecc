package dev.jitbroker.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.jitbroker.testsupport.Tokens;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.HdrHistogram.Histogram;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Submit throughput and latency: requests the policy approves at once, from 1, 16, 64 and 256
 * concurrent clients against the packaged service over HTTP, and side by side in the same run
 * pgbench executing the SQL that one submit commits ({@code bench/submit.sql}) on a copy of the
 * schema made by the service's own migrations. Run with {@code bench/submit}.
 */
@Tag("bench")
class SubmitBench {

  static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  /** The SQL of one submit; {@code -Dbench.script} runs another (say, the script of an earlier version). */
  static final Path SCRIPT = Path.of(System.getProperty("bench.script", "bench/submit.sql"));
  private static final int CAPTURED_SUBMITS = 100;

  @Test
  void submit() throws Exception {
    int seconds = Integer.getInteger("bench.seconds", 20);
    int warmUp = Integer.getInteger("bench.warmup", 30);
    int rounds = Integer.getInteger("bench.rounds", 3);
    int[] levels = Arrays.stream(System.getProperty("bench.clients", "1,16,64,256").split(","))
        .mapToInt(Integer::parseInt).toArray();
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("machine", Machine.describe());
    try (Rig rig = new Rig("submit")) {
      rig.createDatabase(Rig.DATABASE);
      rig.startSandbox();
      List<Statements.Counted> perSubmit = captureStatements(rig);
      json.put("statementsPerSubmit", perSubmit.stream().map(Statements.Counted::json).toList());
      json.put("roundTripsPerSubmit", perSubmit.stream().mapToDouble(Statements.Counted::perCall).sum());

      Pgbench pgbench = new Pgbench(rig.pgBin, rig.pgPort, "pgbench_copy", rig.dir);
      schemaCopy(rig, "pgbench_copy");
      Rig.Service service = rig.service("service", Map.of());
      service.start();
      double rssStarted = service.rssMiB();
      Submitter submitter = new Submitter(rig, service, 256);
      // The JIT compilers and the pools settle before anything counts.
      Load.run(16, Duration.ofSeconds(Math.max(warmUp, 10)), Duration.ZERO, submitter);
      pgbench.run(SCRIPT, 16, Math.max(warmUp, 5));

      List<Map<String, Object>> rows = new ArrayList<>();
      StringBuilder table = new StringBuilder(String.format(Locale.ROOT, """
          | clients | service req/s | p50 ms | p99 ms | p99.9 ms | failed | pgbench tps | pgbench p99 ms | service / pgbench (rounds) | CPU ms per submit: service / Postgres / load generator | CPU ms per pgbench tx: Postgres / pgbench | load avg |
          |---|---|---|---|---|---|---|---|---|---|---|---|
          """));
      for (int clients : levels) {
        Load.run(clients, Duration.ofSeconds(warmUp), Duration.ZERO, submitter);
        Level level = new Level(clients);
        for (int round = 0; round < rounds; round++) {
          // ABBA: the side that goes first alternates, so a drift in the machine (a checkpoint, an
          // autovacuum, a neighbour) weighs on both sides alike.
          if (round % 2 == 0) {
            level.measureService(rig, service, seconds, submitter);
            level.measurePgbench(rig, service, pgbench, seconds);
          } else {
            level.measurePgbench(rig, service, pgbench, seconds);
            level.measureService(rig, service, seconds, submitter);
          }
        }
        rows.add(level.json());
        table.append(level.row());
        System.out.println(table);
      }
      json.put("levels", rows);
      paced(rows, levels, seconds, warmUp, submitter, pgbench, json, table);
      double rssAfter = service.rssMiB();
      json.put("serviceRssMiB", Map.of("afterStart", Load.round(rssStarted), "afterLoad", Load.round(rssAfter)));
      json.put("serviceJvm", Rig.SERVICE_JVM);
      json.put("pool", "quarkus.datasource.jdbc.max-size " + System.getProperty("bench.pool", "32 (default)"));
      json.put("submitted", count(rig, "SELECT count(*) FROM access_request"));
      json.put("granted", count(rig, "SELECT count(*) FROM access_request WHERE state = 'ACTIVE'"));
      json.put("machineAtEnd", Machine.describe());
      table.append(String.format(Locale.ROOT, "%nround trips per submit: %.1f; service RSS after start %.0f MiB, after the load %.0f MiB%n",
          perSubmit.stream().mapToDouble(Statements.Counted::perCall).sum(), rssStarted, rssAfter));
      System.out.println(table);
      Path out = Path.of("target", "bench", "submit.json");
      Files.writeString(out, JSON.writeValueAsString(json));
      Files.writeString(rig.dir.resolve("table.md"), table);
    }
  }

  /**
   * One level of clients, measured in rounds of the service and pgbench side by side: rates are the
   * medians of the rounds, the ratio is the median of the rounds' own ratios, latencies and CPU are
   * over all rounds.
   */
  private static final class Level {
    final int clients;
    final List<Load.Result> service = new ArrayList<>();
    final List<Pgbench.Result> pgbench = new ArrayList<>();
    Machine.Cpu serviceCpu = new Machine.Cpu(0, 0, 0);
    Machine.Cpu pgbenchCpu = new Machine.Cpu(0, 0, 0);
    double[] loadAverage = new double[0];

    Level(int clients) {
      this.clients = clients;
    }

    void measureService(Rig rig, Rig.Service s, int seconds, Submitter submitter) throws Exception {
      Machine.Cpu before = Machine.Cpu.now(s.pid(), rig.pgData);
      service.add(Load.run(clients, Duration.ZERO, Duration.ofSeconds(seconds), submitter));
      serviceCpu = serviceCpu.plus(Machine.Cpu.now(s.pid(), rig.pgData).minus(before));
      loadAverage = Machine.loadAverage();
    }

    void measurePgbench(Rig rig, Rig.Service s, Pgbench p, int seconds) throws Exception {
      Machine.Cpu before = Machine.Cpu.now(s.pid(), rig.pgData);
      pgbench.add(p.run(SCRIPT, clients, seconds));
      pgbenchCpu = pgbenchCpu.plus(Machine.Cpu.now(s.pid(), rig.pgData).minus(before));
    }

    double[] ratios() {
      return IntStream.range(0, service.size())
          .mapToDouble(i -> service.get(i).perSecond() / pgbench.get(i).tps()).sorted().toArray();
    }

    double serviceRate() {
      return median(service.stream().mapToDouble(Load.Result::perSecond).toArray());
    }

    double pgbenchRate() {
      return median(pgbench.stream().mapToDouble(Pgbench.Result::tps).toArray());
    }

    long submits() {
      return service.stream().mapToLong(r -> r.ok() + r.failed()).sum();
    }

    long transactions() {
      return pgbench.stream().mapToLong(Pgbench.Result::transactions).sum();
    }

    Histogram serviceLatency() {
      Histogram all = new Histogram(60_000_000L, 3);
      service.forEach(r -> all.add(r.latencyMicros()));
      return all;
    }

    Histogram pgbenchLatency() {
      Histogram all = new Histogram(60_000_000L, 3);
      pgbench.forEach(r -> all.add(r.latencyMicros()));
      return all;
    }

    Map<String, Object> json() {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("clients", clients);
      row.put("rounds", service.size());
      row.put("service", service.stream().map(Load.Result::json).toList());
      row.put("servicePerSecondMedian", Load.round(serviceRate()));
      row.put("serviceCpuPerSubmit", serviceCpu.per(submits()));
      row.put("pgbench", pgbench.stream().map(Pgbench.Result::json).toList());
      row.put("pgbenchTpsMedian", Load.round(pgbenchRate()));
      row.put("pgbenchCpuPerTransaction", pgbenchCpu.per(transactions()));
      double[] ratios = ratios();
      row.put("ratios", Arrays.stream(ratios).map(r -> Math.round(r * 1000) / 1000.0).toArray());
      row.put("ratio", Math.round(median(ratios) * 1000) / 1000.0);
      row.put("loadAverage", loadAverage);
      return row;
    }

    String row() {
      Histogram s = serviceLatency();
      Histogram p = pgbenchLatency();
      double[] ratios = ratios();
      long ok = service.stream().mapToLong(Load.Result::ok).sum();
      long failed = service.stream().mapToLong(Load.Result::failed).sum();
      long tx = transactions();
      return String.format(Locale.ROOT,
          "| %d | %.0f | %.1f | %.1f | %.1f | %d | %.0f | %.1f | %.2f (%s) | %.2f / %.2f / %.2f | %.2f / %.2f | %.1f |%n",
          clients, serviceRate(), ms(s, 50), ms(s, 99), ms(s, 99.9), failed, pgbenchRate(), ms(p, 99), median(ratios),
          Arrays.stream(ratios).mapToObj(r -> String.format(Locale.ROOT, "%.2f", r))
              .collect(Collectors.joining(", ")),
          serviceCpu.serviceMs() / (double) ok, serviceCpu.databaseMs() / (double) ok, serviceCpu.clientMs() / (double) ok,
          pgbenchCpu.databaseMs() / (double) tx, pgbenchCpu.clientMs() / (double) tx,
          loadAverage.length > 0 ? loadAverage[0] : Double.NaN);
    }

    private static double ms(Histogram h, double percentile) {
      return h.getValueAtPercentile(percentile) / 1000.0;
    }

    static double median(double[] values) {
      double[] v = values.clone();
      Arrays.sort(v);
      int n = v.length;
      return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    }
  }

  /**
   * Latency below saturation: 64 clients sharing a fixed arrival rate, the service and then pgbench
   * (each latency from the request's scheduled time): the goal's rate, half of what pgbench did with
   * 64 clients in this run, and the rates of {@code -Dbench.rates} (say, one the service sustains).
   */
  private static void paced(List<Map<String, Object>> rows, int[] levels, int seconds, int warmUp, Submitter submitter,
      Pgbench pgbench, Map<String, Object> json, StringBuilder table) throws Exception {
    int clients = 64;
    String given = System.getProperty("bench.rates", "");
    List<Double> rates = new ArrayList<>();
    if (!given.isBlank()) {
      Arrays.stream(given.split(",")).map(String::trim).map(Double::parseDouble).forEach(rates::add);
    }
    if (Arrays.stream(levels).anyMatch(c -> c == clients)) {
      Object tps = rows.stream().filter(r -> r.get("clients").equals(clients)).findFirst()
          .map(r -> r.get("pgbenchTpsMedian")).orElseThrow();
      rates.add(Math.floor(((Number) tps).doubleValue() / 2));
    }
    if (rates.isEmpty()) {
      return;
    }
    table.append(String.format(Locale.ROOT, """

        | %d clients at a fixed rate | service req/s | p50 ms | p99 ms | p99.9 ms | failed | pgbench tps | pgbench p50 ms | pgbench p99 ms | pgbench p99.9 ms |
        |---|---|---|---|---|---|---|---|---|---|
        """, clients));
    List<Map<String, Object>> out = new ArrayList<>();
    for (double rate : rates) {
      Load.Result s = Load.paced(clients, rate, Duration.ofSeconds(warmUp), Duration.ofSeconds(seconds), submitter);
      Pgbench.Result p = pgbench.run(SCRIPT, clients, seconds, rate);
      out.add(Map.of("perSecond", rate, "service", s.json(), "pgbench", p.json()));
      table.append(String.format(Locale.ROOT, "| %.0f a second | %.0f | %.1f | %.1f | %.1f | %d | %.0f | %.1f | %.1f | %.1f |%n",
          rate, s.perSecond(), s.ms(50), s.ms(99), s.ms(99.9), s.failed(), p.tps(), p.ms(50), p.ms(99), p.ms(99.9)));
      System.out.println(table);
    }
    json.put("paced", out);
  }

  /**
   * The statements of one submit, from pg_stat_statements: a service with its background work slowed
   * to a crawl (no grants, no sealing, no polling) takes {@value #CAPTURED_SUBMITS} submits one at a time.
   */
  private static List<Statements.Counted> captureStatements(Rig rig) throws Exception {
    Rig.Service quiet = rig.service("capture", Map.of(
        "jit.grants.enabled", "false",
        "jit.audit.seal-interval", "1h",
        "jit.requests.timeout-check-interval", "1h",
        "jit.policy.refresh-interval", "1h",
        "jit.grants.reconcile-delay", "1h"));
    quiet.start();
    try {
      Submitter submitter = new Submitter(rig, quiet, 1);
      HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      for (int i = 0; i < 20; i++) {
        http.send(submitter.next(0, i).toHttpRequest(), HttpResponse.BodyHandlers.discarding());
      }
      try (Connection c = rig.connect("postgres")) {
        Statements.reset(c);
        for (int i = 0; i < CAPTURED_SUBMITS; i++) {
          int status = http.send(submitter.next(0, i).toHttpRequest(), HttpResponse.BodyHandlers.discarding()).statusCode();
          assertEquals(201, status, "a submit failed while capturing its statements");
        }
        List<Statements.Counted> list = Statements.since(c, Rig.DATABASE, CAPTURED_SUBMITS);
        StringBuilder out = new StringBuilder("statements per submit (pg_stat_statements, " + CAPTURED_SUBMITS + " submits):\n");
        list.forEach(s -> out.append(String.format(Locale.ROOT, "  %5.2f  %s%n", s.perCall(), s.query())));
        System.out.println(out);
        Files.writeString(rig.dir.resolve("statements.txt"), out);
        return list;
      }
    } finally {
      quiet.stop();
    }
  }

  /** An empty schema made by the service's own migrations, with the policy version requests refer to. */
  static void schemaCopy(Rig rig, String database) throws Exception {
    rig.createDatabase(database);
    Flyway.configure()
        .dataSource(rig.jdbcUrl(database), "postgres", "")
        .locations("filesystem:db-migrations")
        .placeholders(Map.of("app_role", "jit_app"))
        .load()
        .migrate();
    try (Connection c = rig.connect(database); Statement s = c.createStatement()) {
      s.execute("INSERT INTO policy_version (version, hash, document, source, created_at, created_by) "
          + "VALUES (1, 'bench', 'rules: []', 'file', now(), 'bench')");
    }
  }

  static long count(Rig rig, String sql) throws Exception {
    try (Connection c = rig.connect(Rig.DATABASE); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /**
   * Submits as one of {@code users} requesters, each request for its own resource group, with an
   * idempotency key of its own: every call is a new request (a key used again would be answered from
   * the stored request, 200 instead of 201, without the inserts the benchmark is about).
   */
  static final class Submitter implements Load.Requests {
    private final String[] bearers;
    private final java.net.URI submit;
    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final java.util.concurrent.atomic.AtomicLong sequence = new java.util.concurrent.atomic.AtomicLong();

    Submitter(Rig rig, Rig.Service service, int users) {
      this(rig, service, IntStream.range(0, users).mapToObj(i -> Tokens.newUser("bench-" + i)).toList());
    }

    Submitter(Rig rig, Rig.Service service, List<Tokens.User> users) {
      bearers = users.stream().map(rig::bearer).toArray(String[]::new);
      submit = service.api().resolve("/api/v1/access-requests");
    }

    /** Only a new request counts as done. */
    @Override
    public int expectedStatus() {
      return 201;
    }

    @Override
    public Call next(int client, long ignored) {
      return request(client, sequence.incrementAndGet());
    }

    private Call request(int client, long n) {
      String key = run + "-" + n;
      String body = "{\"scope\":\"" + Rig.SCOPE_PREFIX + key + "\",\"role\":\"Reader\",\"duration\":\"PT1H\","
          + "\"justification\":\"Submit benchmark: auto-approved read access\",\"ticket\":\"INC-" + n + "\"}";
      return Call.postJson(submit, bearers[client % bearers.length], key, body);
    }
  }
}

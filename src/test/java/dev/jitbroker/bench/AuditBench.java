package dev.jitbroker.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jitbroker.testsupport.Tokens;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The audit trail at size: 1,000,000 events (seeded with SQL, linked into the chain by the service's
 * own sealer), then the trail of one request, a filtered page, a full verify and the NDJSON export,
 * with the service's resident memory sampled during the export. Run with {@code bench/audit}.
 */
@Tag("bench")
class AuditBench {

  @Test
  void audit() throws Exception {
    int seconds = Integer.getInteger("bench.seconds", 20);
    int warmUp = Integer.getInteger("bench.warmup", 5);
    int clients = Integer.getInteger("bench.clients", 16);
    int events = Integer.getInteger("bench.events", 1_000_000);
    int requests = Math.max(1000, events / 10);
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("machine", Machine.describe());
    try (Rig rig = new Rig("audit")) {
      rig.createDatabase(Rig.DATABASE);
      rig.startSandbox();
      Rig.Service service = rig.service("service", Map.of("jit.grants.reconcile-delay", "1h"));
      service.start();
      // Ten requests for the seeding to copy: their own events get the trail's lowest ids.
      SubmitBench.Submitter templates = new SubmitBench.Submitter(rig, service, 10);
      HttpClient first = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      for (int i = 0; i < 10; i++) {
        assertEquals(201, first.send(templates.next(i, i).toHttpRequest(), HttpResponse.BodyHandlers.discarding()).statusCode());
      }

      long seedStart = System.nanoTime();
      try (Connection c = rig.connect(Rig.DATABASE)) {
        Seed.cloneRequests(c, requests);
        seedEvents(c, events - count(rig, "SELECT count(*) FROM audit_event"));
      }
      double seeded = (System.nanoTime() - seedStart) / 1e9;
      long sealStart = System.nanoTime();
      while (count(rig, "SELECT count(*) FROM audit_pending") > 0) {
        Thread.sleep(500);
      }
      double sealed = (System.nanoTime() - sealStart) / 1e9;
      long total = count(rig, "SELECT count(*) FROM audit_chain");
      json.put("events", total);
      json.put("seedSeconds", Load.round(seeded));
      json.put("sealSeconds", Load.round(sealed));
      json.put("sealedPerSecond", Math.round(total / sealed));
      // Recent events with the highest ids, as in a trail that grew in time: requests submitted now,
      // after the seeded history. The filtered page asks for approvals of the last 45 days: in id order,
      // the ten templates' come first, then 100,000 older seeded ones, then this run's.
      Load.run(16, Duration.ZERO, Duration.ofSeconds(3), new SubmitBench.Submitter(rig, service, 64));
      while (count(rig, "SELECT count(*) FROM audit_pending") > 0) {
        Thread.sleep(500);
      }

      Tokens.User ivy = Tokens.newUser("ivy", "auditor");
      String bearer = rig.bearer(ivy);
      URI api = service.api();
      List<UUID> ids;
      try (Connection c = rig.connect(Rig.DATABASE)) {
        ids = Seed.requestsByRequester(c).values().stream().flatMap(List::stream).toList();
      }
      Load.Requests trail = (client, n) -> Call.get(api.resolve(
          "/api/v1/access-requests/" + ids.get(ThreadLocalRandom.current().nextInt(ids.size())) + "/audit"), bearer);
      String from = Instant.now().minus(45, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS).toString();
      String filter = "/api/v1/audit-events?type=request.approved&from=" + from + "&limit=100";
      URI pageUri = api.resolve(filter);
      Load.Requests page = (client, n) -> Call.get(pageUri, bearer);
      Load.Result trails = Load.run(clients, Duration.ofSeconds(warmUp), Duration.ofSeconds(seconds), trail);
      Load.Result pages;
      try (Connection c = rig.connect("postgres")) {
        Statements.reset(c);
        pages = Load.run(clients, Duration.ofSeconds(warmUp), Duration.ofSeconds(seconds), page);
        // What each page asked of Postgres, with the mean time of each statement.
        List<Statements.Counted> perPage = Statements.since(c, Rig.DATABASE, (int) Math.max(1, pages.ok()));
        StringBuilder out = new StringBuilder("statements per filtered page (pg_stat_statements):\n");
        perPage.forEach(q -> out.append(String.format(Locale.ROOT, "  %5.2f  %8.2f ms  %s%n", q.perCall(), q.meanMs(), q.query())));
        System.out.println(out);
        Files.writeString(rig.dir.resolve("page-statements.txt"), out);
        json.put("statementsPerFilteredPage", perPage.stream().map(Statements.Counted::json).toList());
      }
      json.put("trailOfOneRequest", trails.json());
      json.put("filteredPage", Map.of("path", filter, "result", pages.json()));

      HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      long verifyStart = System.nanoTime();
      HttpResponse<String> verify = http.send(HttpRequest.newBuilder(api.resolve("/api/v1/audit-events/verify"))
          .header("Authorization", bearer).timeout(Duration.ofMinutes(30)).GET().build(), HttpResponse.BodyHandlers.ofString());
      double verifySeconds = (System.nanoTime() - verifyStart) / 1e9;
      JsonNode verdict = SubmitBench.JSON.readTree(verify.body());
      assertEquals(200, verify.statusCode(), verify.body());
      assertEquals(true, verdict.get("valid").asBoolean(), verify.body());
      json.put("verify", Map.of("seconds", Load.round(verifySeconds), "answer", verdict,
          "eventsPerSecond", Math.round(verdict.get("checked").asLong() / verifySeconds)));

      Export export = export(http, service, api, bearer);
      json.put("export", export.json());
      Map<String, Object> query;
      double buildSeconds;
      try (Connection c = rig.connect(Rig.DATABASE)) {
        query = pageQueries(c, from);
        buildSeconds = buildTimeIndexes(c);
      }
      json.put("filteredPageQuery", query);
      json.put("timeIndexesBuildSeconds", Load.round(buildSeconds));
      json.put("machineAtEnd", Machine.describe());

      String table = String.format(Locale.ROOT, """
          | audit trail of %,d events | figure |
          |---|---|
          | seeding (SQL) / sealing by the service | %.0f s / %.0f s (%,d events/s) |
          | trail of one request, %d clients | %.0f req/s, p50 %.1f ms, p99 %.1f ms |
          | filtered page (type, from, 100 events), %d clients | %.0f req/s, p50 %.1f ms, p99 %.1f ms |
          | verify, whole chain | %.1f s (%,d events/s) |
          | NDJSON export, whole trail | %.1f s, %,d events/s, %.0f MB |
          | service RSS before / peak during / after export | %.0f / %.0f / %.0f MiB |
          | the filtered page's query, median of 21 runs: before V9 (id order) / now (time order) | %.1f ms / %.1f ms |
          | building the two time indexes of migration V9 | %.1f s |
          """, total, seeded, sealed, Math.round(total / sealed), clients, trails.perSecond(), trails.ms(50), trails.ms(99),
          clients, pages.perSecond(), pages.ms(50), pages.ms(99), verifySeconds,
          Math.round(verdict.get("checked").asLong() / verifySeconds), export.seconds, Math.round(export.lines / export.seconds),
          export.bytes / 1e6, export.rssBefore, export.rssPeak, export.rssAfter,
          (double) query.get("beforeMedianMs"), (double) query.get("nowMedianMs"), buildSeconds);
      System.out.println(table);
      Files.writeString(Path.of("target", "bench", "audit.json"), SubmitBench.JSON.writeValueAsString(json));
      Files.writeString(rig.dir.resolve("table.md"), table);
    }
  }

  /** Audit events for the stored requests, ten kinds in turn, oldest first, queued for the sealer. */
  private static void seedEvents(Connection c, long n) throws Exception {
    try (Statement s = c.createStatement()) {
      // A join, not subscripts of one big array: each subscript would copy the whole array.
      s.execute("""
          WITH r AS (SELECT id, requester_id, row_number() OVER (ORDER BY created_at) - 1 AS k FROM access_request),
          total AS (SELECT count(*) AS n FROM access_request),
          e AS (
            INSERT INTO audit_event (occurred_at, actor_id, actor_name, type, request_id, details)
            SELECT now() - interval '1 day' - ((%1$d - g) * interval '90 days') / %1$d,
                   r.requester_id, 'Seeded User',
                   (ARRAY['request.submitted', 'request.approved', 'azure.call', 'request.activated', 'azure.call',
                          'request.expired', 'azure.call', 'request.access_removed', 'request.decision_recorded',
                          'request.revoked'])[1 + (g / total.n) %% 10],
                   r.id,
                   jsonb_build_object('state', 'APPROVED', 'scope', '/subscriptions/44444444-0000-4000-8000-0000000000b1/'
                       || 'resourceGroups/bench-' || g, 'role', 'Reader', 'grantType', 'azure-rbac', 'duration', 'PT1H',
                       'justification', 'Seeded event for the audit benchmark', 'policyVersion', 1, 'rule', 'bench-auto-readers')
            FROM generate_series(1, %1$d) g CROSS JOIN total JOIN r ON r.k = g %% total.n
            ORDER BY g
            RETURNING id)
          INSERT INTO audit_pending (event_id) SELECT id FROM e
          """.formatted(n));
      // A trail that grew over months has been vacuumed by autovacuum as it grew, which marks its pages
      // all-visible: the planner counts on that for the index-only scans of a filtered page. A trail
      // seeded a second ago has no such pages yet, and would be planned as no real trail is.
      s.execute("VACUUM (ANALYZE) audit_event");
    }
  }

  private record Export(long lines, long bytes, double seconds, double rssBefore, double rssPeak, double rssAfter) {
    Map<String, Object> json() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("events", lines);
      m.put("bytes", bytes);
      m.put("seconds", Load.round(seconds));
      m.put("eventsPerSecond", Math.round(lines / seconds));
      m.put("serviceRssMiB", Map.of("before", Load.round(rssBefore), "peak", Load.round(rssPeak), "after", Load.round(rssAfter)));
      return m;
    }
  }

  /** Reads the whole export as it streams, counting lines, while sampling the service's RSS every 100 ms. */
  private static Export export(HttpClient http, Rig.Service service, URI api, String bearer) throws Exception {
    double before = service.rssMiB();
    AtomicLong peakKiB = new AtomicLong();
    Thread sampler = new Thread(() -> {
      while (!Thread.currentThread().isInterrupted()) {
        try {
          peakKiB.accumulateAndGet(Machine.rssKiB(service.process().pid()), Math::max);
          Thread.sleep(100);
        } catch (InterruptedException e) {
          return;
        } catch (Exception e) {
          return;
        }
      }
    }, "rss-sampler");
    sampler.start();
    long lines = 0;
    long bytes = 0;
    long start = System.nanoTime();
    HttpResponse<InputStream> response = http.send(HttpRequest.newBuilder(api.resolve("/api/v1/audit-events/export"))
        .header("Authorization", bearer).timeout(Duration.ofMinutes(30)).GET().build(), HttpResponse.BodyHandlers.ofInputStream());
    assertEquals(200, response.statusCode());
    try (InputStream in = response.body()) {
      byte[] buffer = new byte[1 << 16];
      int read;
      while ((read = in.read(buffer)) > 0) {
        bytes += read;
        for (int i = 0; i < read; i++) {
          if (buffer[i] == '\n') {
            lines++;
          }
        }
      }
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    sampler.interrupt();
    sampler.join();
    return new Export(lines, bytes, seconds, before, peakKiB.get() / 1024.0, service.rssMiB());
  }

  /**
   * The filtered page's SQL as it was before migration V9 (id order, one query, without V9's indexes:
   * dropped in a transaction that is rolled back) and as it is now (time order, the page's ids from an
   * index-only scan first), each as the service runs it, on the same data: medians.
   */
  private static Map<String, Object> pageQueries(Connection c, String from) throws Exception {
    String columns = "e.id, c.seq, e.occurred_at, e.actor_id, e.actor_name, e.type, e.request_id, e.details::text,"
        + " c.prev_hash, c.hash";
    String before = "SELECT " + columns + " FROM audit_event e LEFT JOIN audit_chain c ON c.event_id = e.id"
        + " WHERE e.id > 0 AND e.occurred_at >= ? AND e.type = ? ORDER BY e.id LIMIT 101";
    String now = "SELECT " + columns + " FROM (SELECT a.id FROM audit_event a WHERE a.occurred_at >= ? AND a.type = ?"
        + " ORDER BY a.occurred_at, a.id LIMIT 101) p JOIN audit_event e ON e.id = p.id"
        + " LEFT JOIN audit_chain c ON c.event_id = e.id ORDER BY e.occurred_at, e.id";
    Map<String, Object> m = new LinkedHashMap<>();
    c.setAutoCommit(false);
    try (Statement s = c.createStatement()) {
      s.execute("DROP INDEX audit_event_by_type_time, audit_event_by_actor_time");
      m.put("beforeMedianMs", medianMs(c, before, from, false));
    } finally {
      c.rollback();
      c.setAutoCommit(true);
    }
    m.put("nowMedianMs", medianMs(c, now, from, true));
    return m;
  }

  /**
   * The median of 21 runs. As the service runs it: before, a statement the driver prepares on the
   * server from its fifth run, so that Postgres may switch to a generic plan after five more; now,
   * planned for its values on every run.
   */
  private static double medianMs(Connection c, String sql, String from, boolean customPlans) throws Exception {
    double[] ms = new double[21];
    try (java.sql.PreparedStatement s = c.prepareStatement(sql)) {
      if (customPlans) {
        s.unwrap(org.postgresql.PGStatement.class).setPrepareThreshold(0);
      }
      s.setObject(1, java.time.OffsetDateTime.parse(from));
      s.setString(2, "request.approved");
      for (int i = 0; i < ms.length; i++) {
        long t0 = System.nanoTime();
        try (java.sql.ResultSet rs = s.executeQuery()) {
          while (rs.next()) {
            rs.getString(8);
          }
        }
        ms[i] = (System.nanoTime() - t0) / 1e6;
      }
    }
    java.util.Arrays.sort(ms);
    return Load.round(ms[ms.length / 2]);
  }

  /** How long migration V9's two indexes take to build on this trail (built as copies, then dropped). */
  private static double buildTimeIndexes(Connection c) throws Exception {
    try (Statement s = c.createStatement()) {
      long t0 = System.nanoTime();
      s.execute("CREATE INDEX bench_by_type_time ON audit_event (type, occurred_at, id)");
      s.execute("CREATE INDEX bench_by_actor_time ON audit_event (actor_id, occurred_at, id)");
      double seconds = (System.nanoTime() - t0) / 1e9;
      s.execute("DROP INDEX bench_by_type_time, bench_by_actor_time");
      return seconds;
    }
  }

  private static long count(Rig rig, String sql) throws Exception {
    return SubmitBench.count(rig, sql);
  }
}

package dev.jitbroker.bench;

import dev.jitbroker.testsupport.Tokens;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The read path: GET of one request and GET of the first page of the caller's list, from 64 clients,
 * against the packaged service on a database of 100,000 requests. Run with {@code bench/read}.
 */
@Tag("bench")
class ReadBench {

  @Test
  void read() throws Exception {
    int seconds = Integer.getInteger("bench.seconds", 20);
    int warmUp = Integer.getInteger("bench.warmup", 5);
    int clients = Integer.getInteger("bench.clients", 64);
    int requests = Integer.getInteger("bench.requests", 100_000);
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("machine", Machine.describe());
    try (Rig rig = new Rig("read")) {
      rig.createDatabase(Rig.DATABASE);
      rig.startSandbox();
      Rig.Service service = rig.service("service", Map.of("jit.grants.reconcile-delay", "1h"));
      service.start();
      List<Tokens.User> users = new ArrayList<>();
      for (int i = 0; i < clients; i++) {
        users.add(Tokens.newUser("reader-" + i));
      }
      SubmitBench.Submitter submitter = new SubmitBench.Submitter(rig, service, users);
      Load.run(clients, Duration.ZERO, Duration.ofSeconds(5), submitter);
      Map<String, List<UUID>> byRequester;
      try (Connection c = rig.connect(Rig.DATABASE)) {
        Seed.cloneRequests(c, requests);
        byRequester = Seed.requestsByRequester(c);
      }
      String[] bearers = new String[clients];
      UUID[][] ids = new UUID[clients][];
      for (int i = 0; i < clients; i++) {
        bearers[i] = rig.bearer(users.get(i));
        ids[i] = byRequester.get(users.get(i).oid()).toArray(UUID[]::new);
      }
      URI api = service.api();
      Load.Requests one = (client, n) -> Call.get(
          api.resolve("/api/v1/access-requests/" + ids[client][ThreadLocalRandom.current().nextInt(ids[client].length)]),
          bearers[client]);
      URI firstPage = api.resolve("/api/v1/access-requests?requester=me&limit=20");
      Load.Requests page = (client, n) -> Call.get(firstPage, bearers[client]);

      Load.run(clients, Duration.ofSeconds(warmUp), Duration.ZERO, one);
      Machine.Cpu before = Machine.Cpu.now(service.pid(), rig.pgData);
      Load.Result get = Load.run(clients, Duration.ZERO, Duration.ofSeconds(seconds), one);
      Machine.Cpu getCpu = Machine.Cpu.now(service.pid(), rig.pgData).minus(before);
      double[] loadGet = Machine.loadAverage();
      Load.run(clients, Duration.ofSeconds(warmUp), Duration.ZERO, page);
      before = Machine.Cpu.now(service.pid(), rig.pgData);
      Load.Result list = Load.run(clients, Duration.ZERO, Duration.ofSeconds(seconds), page);
      Machine.Cpu listCpu = Machine.Cpu.now(service.pid(), rig.pgData).minus(before);
      double[] loadList = Machine.loadAverage();
      json.put("requestsInDatabase", SubmitBench.count(rig, "SELECT count(*) FROM access_request"));
      json.put("getOne", Map.of("result", get.json(), "loadAverage", loadGet, "cpuPerRequest", getCpu.per(get.ok())));
      json.put("listPage", Map.of("result", list.json(), "loadAverage", loadList, "path", "?requester=me&limit=20",
          "cpuPerRequest", listCpu.per(list.ok())));
      json.put("serviceRssMiB", Load.round(service.rssMiB()));
      String table = String.format(Locale.ROOT, """
          | read path, %d clients, %,d requests stored | req/s | p50 ms | p99 ms | p99.9 ms | failed | CPU ms per request: service / Postgres |
          |---|---|---|---|---|---|---|
          | GET one request | %.0f | %.1f | %.1f | %.1f | %d | %.2f / %.2f |
          | GET a page of the list (20, newest first) | %.0f | %.1f | %.1f | %.1f | %d | %.2f / %.2f |
          """, clients, requests, get.perSecond(), get.ms(50), get.ms(99), get.ms(99.9), get.failed(),
          getCpu.serviceMs() / (double) get.ok(), getCpu.databaseMs() / (double) get.ok(),
          list.perSecond(), list.ms(50), list.ms(99), list.ms(99.9), list.failed(),
          listCpu.serviceMs() / (double) list.ok(), listCpu.databaseMs() / (double) list.ok());
      System.out.println(table);
      Files.writeString(Path.of("target", "bench", "read.json"), SubmitBench.JSON.writeValueAsString(json));
      Files.writeString(rig.dir.resolve("table.md"), table);
    }
  }
}

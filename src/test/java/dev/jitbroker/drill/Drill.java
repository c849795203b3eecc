package dev.jitbroker.drill;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jitbroker.testsupport.JarProcess;
import dev.jitbroker.testsupport.Tokens;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * What a drill runs on: one embedded Postgres, one ARM sandbox in its own process (it outlives the
 * brokers), and brokers from the packaged jar, each a child JVM with its log under {@code target/drills}.
 * When a drill fails, the logs are printed so a CI failure can be read.
 */
final class Drill implements AfterEachCallback, TestWatcher {

  /** Every drill request asks for Reader here; the drill policy approves it at once. */
  static final String SUBSCRIPTION = "33333333-0000-4000-8000-0000000000d1";
  static final String SCOPE = "/subscriptions/" + SUBSCRIPTION + "/resourceGroups/drill-rg";
  private static final String POLICY = """
      rules:
        - name: drill-auto-readers
          match:
            scopes: [/subscriptions/%s/resourceGroups/drill-*]
            roles: [Reader]
          outcome:
            auto:
              maxDuration: PT1H
      """.formatted(SUBSCRIPTION);
  private static final int LOG_LINES_SHOWN = 400;

  static final ObjectMapper JSON = new ObjectMapper();

  final Path dir;
  private final List<JarProcess> processes = new ArrayList<>();
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private EmbeddedPostgres postgres;
  private int postgresPort;
  private KeyPair signingKey;
  private Path policy;
  private Path sandboxPem;
  private int sandboxPort;
  private HttpClient sandboxHttp;
  private final Tokens.User auditor = Tokens.newUser("drill-auditor", "auditor");

  Drill(String name) {
    this.dir = Path.of("target", "drills", name).toAbsolutePath();
  }

  /** Starts Postgres and the sandbox host. */
  void setUp() throws Exception {
    setUp(POLICY);
  }

  /** Starts Postgres and the sandbox host; the brokers load {@code policyYaml} instead of the drill policy. */
  void setUp(String policyYaml) throws Exception {
    deleteRecursively(dir);
    Files.createDirectories(dir);
    policy = Files.writeString(dir.resolve("drill-policy.yaml"), policyYaml);
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    signingKey = generator.generateKeyPair();
    postgres = postgresBuilder().start();
    try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE arm_sandbox");
    }
    sandboxPem = dir.resolve("arm-sandbox.pem");
    sandboxPort = JarProcess.freePort();
    JarProcess sandboxHost = JarProcess.armSandbox(common("arm_sandbox"), sandboxPort, sandboxPem,
        dir.resolve("arm-sandbox.log"));
    processes.add(sandboxHost);
    sandboxHost.start(null, sandboxPem);
    sandboxHttp = HttpClient.newBuilder().sslContext(trusting(Files.readString(sandboxPem)))
        .connectTimeout(Duration.ofSeconds(5)).build();
    // Every drill starts once the sandbox answers, not only once it has written its certificate.
    awaitSandbox(Duration.ofMinutes(3));
  }

  // Its own data directory, kept when it stops, so stopPostgres() and startPostgres() restart the same database.
  private EmbeddedPostgres.Builder postgresBuilder() {
    return EmbeddedPostgres.builder()
        .setServerConfig("max_connections", "300")
        .setServerConfig("fsync", "off")
        .setPGStartupWait(Duration.ofSeconds(60))
        .setDataDirectory(dir.resolve("postgres-data"))
        .setCleanDataDirectory(false);
  }

  /** Stops Postgres (a fast shutdown: open sessions are ended); its data stays for {@link #startPostgres()}. */
  void stopPostgres() throws IOException {
    postgresPort = postgres.getPort();
    postgres.close();
    postgres = null;
  }

  /** Starts the Postgres {@link #stopPostgres()} stopped, on the same port and data directory. */
  void startPostgres() throws IOException {
    postgres = postgresBuilder().setPort(postgresPort).start();
  }

  /** A broker on the shared database that uses the shared sandbox; {@code extra} adds or overrides settings. */
  Broker broker(String name, Map<String, String> extra) throws IOException {
    int port = JarProcess.freePort();
    Map<String, String> settings = JarProcess.broker(common("postgres"), port, sandboxPort, sandboxPem);
    // Seconds-long requests, so access ends while the drill watches.
    settings.put("jit.requests.min-duration", "PT5S");
    settings.put("jit.grants.backoff-base", "PT0.2S");
    settings.put("jit.grants.backoff-max", "PT2S");
    settings.put("jit.grants.reconcile-delay", "1s");
    settings.put("jit.grants.reconcile-interval", "2s");
    settings.put("jit.grants.reconcile-grace", "PT0S");
    settings.putAll(extra);
    JarProcess process = new JarProcess(name, dir.resolve(name + ".log"), settings);
    processes.add(process);
    return new Broker(process, URI.create("http://127.0.0.1:" + port));
  }

  private Map<String, String> common(String database) {
    return JarProcess.settings(postgres.getJdbcUrl("postgres", database), signingKey, policy);
  }

  /** A connection to the brokers' database, to read what they stored. */
  Connection database() throws java.sql.SQLException {
    return postgres.getPostgresDatabase().getConnection();
  }

  /** A signed bearer token for {@code user}, trusted by every process of this drill. */
  String bearer(Tokens.User user) {
    return "Bearer " + user.claims().jws().keyId("drill").sign(signingKey.getPrivate());
  }

  String auditorBearer() {
    return bearer(auditor);
  }

  /** One running (or stopped) broker and its API. */
  final class Broker {
    final JarProcess process;
    final URI api;

    Broker(JarProcess process, URI api) {
      this.process = process;
      this.api = api;
    }

    void start() throws IOException, InterruptedException {
      process.start(api.resolve("/q/health/ready"), null);
    }

    /** Submits a Reader request for {@code user} lasting {@code duration}; returns its id. */
    UUID submit(Tokens.User user, Duration duration) throws IOException, InterruptedException {
      String body = JSON.createObjectNode()
          .put("scope", SCOPE)
          .put("role", "Reader")
          .put("duration", duration.toString())
          .put("justification", "Drill: access that must survive a crashing broker")
          .toString();
      HttpResponse<String> response = http.send(HttpRequest.newBuilder(api.resolve("/api/v1/access-requests"))
          .header("Authorization", bearer(user))
          .header("Content-Type", "application/json")
          .header("Idempotency-Key", "drill-" + UUID.randomUUID())
          .timeout(Duration.ofSeconds(30))
          .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 201) {
        throw new AssertionError("submit answered " + response.statusCode() + ": " + response.body());
      }
      return UUID.fromString(JSON.readTree(response.body()).get("id").asText());
    }

    /** Submits a Reader request for {@code user} and returns the answer as it is, whatever its status. */
    HttpResponse<String> trySubmit(Tokens.User user, Duration duration, Duration timeout)
        throws IOException, InterruptedException {
      String body = JSON.createObjectNode()
          .put("scope", SCOPE)
          .put("role", "Reader")
          .put("duration", duration.toString())
          .put("justification", "Drill: access asked for while something fails")
          .toString();
      return http.send(HttpRequest.newBuilder(api.resolve("/api/v1/access-requests"))
          .header("Authorization", bearer(user))
          .header("Content-Type", "application/json")
          .header("Idempotency-Key", "drill-" + UUID.randomUUID())
          .timeout(timeout)
          .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The status of {@code /q/health/ready} or {@code /q/health/live} ({@code which}), within {@code timeout}. */
    int health(String which, Duration timeout) throws IOException, InterruptedException {
      return http.send(HttpRequest.newBuilder(api.resolve("/q/health/" + which)).timeout(timeout).GET().build(),
          HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    /** The audit trail's own check of its hash chain: {@code {"valid", "checked", "unsealed", ...}}. */
    JsonNode verifyAudit() throws IOException, InterruptedException {
      return get("/api/v1/audit-events/verify", auditorBearer());
    }

    JsonNode request(UUID id) throws IOException, InterruptedException {
      return get("/api/v1/access-requests/" + id, auditorBearer());
    }

    /** Every audit event of {@code type}, oldest first, following the cursor. */
    List<JsonNode> audit(String type) throws IOException, InterruptedException {
      List<JsonNode> events = new ArrayList<>();
      String cursor = null;
      do {
        String path = "/api/v1/audit-events?limit=200&type=" + URLEncoder.encode(type, StandardCharsets.UTF_8)
            + (cursor == null ? "" : "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8));
        JsonNode page = get(path, auditorBearer());
        page.get("items").forEach(events::add);
        cursor = page.path("nextCursor").isNull() ? null : page.path("nextCursor").asText(null);
      } while (cursor != null);
      return events;
    }

    private JsonNode get(String path, String bearer) throws IOException, InterruptedException {
      HttpResponse<String> response = http.send(HttpRequest.newBuilder(api.resolve(path))
          .header("Authorization", bearer).timeout(Duration.ofSeconds(30)).GET().build(),
          HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new AssertionError("GET " + path + " answered " + response.statusCode() + ": " + response.body());
      }
      return JSON.readTree(response.body());
    }
  }

  /**
   * Waits until the sandbox answers its controls: on a busy machine it may write its certificate (its
   * readiness) a while before its first TLS handshake completes in time.
   */
  void awaitSandbox(Duration deadline) throws Exception {
    await("the ARM sandbox to answer", deadline, () -> {
      try {
        sandboxGet("/sandbox/writes");
        return true;
      } catch (IOException notYet) {
        return false;
      }
    });
  }

  /** Adds {@code latency} to every ARM call the sandbox answers, to widen the windows a kill can land in. */
  void sandboxLatency(Duration latency) throws IOException, InterruptedException {
    HttpResponse<String> response = sandboxHttp.send(HttpRequest.newBuilder(sandbox("/sandbox/latency"))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"latency\":\"" + latency + "\"}")).build(),
        HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 204) {
      throw new AssertionError("POST /sandbox/latency answered " + response.statusCode() + ": " + response.body());
    }
  }

  /** The role assignments the sandbox holds. */
  List<JsonNode> sandboxAssignments() throws IOException, InterruptedException {
    List<JsonNode> list = new ArrayList<>();
    sandboxGet("/sandbox/role-assignments").get("value").forEach(list::add);
    return list;
  }

  /** Every write the sandbox answered: method, path, status and count. */
  List<JsonNode> sandboxWrites() throws IOException, InterruptedException {
    List<JsonNode> list = new ArrayList<>();
    sandboxGet("/sandbox/writes").get("writes").forEach(list::add);
    return list;
  }

  /** Sets the sandbox's fault rates (see {@code POST /sandbox/fault-rates}); {@code {}} stops them. */
  void sandboxFaultRates(String json) throws IOException, InterruptedException {
    HttpResponse<String> response = sandboxHttp.send(HttpRequest.newBuilder(sandbox("/sandbox/fault-rates"))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 204) {
      throw new AssertionError("POST /sandbox/fault-rates answered " + response.statusCode() + ": " + response.body());
    }
  }

  /** The fault rates in force and what they injected: {@code {"rates": {...}, "injected": {...}}}. */
  JsonNode sandboxFaultRates() throws IOException, InterruptedException {
    return sandboxGet("/sandbox/fault-rates");
  }

  /** Every ARM call the sandbox answered: method, status and count. */
  List<JsonNode> sandboxCalls() throws IOException, InterruptedException {
    List<JsonNode> list = new ArrayList<>();
    sandboxGet("/sandbox/calls").get("calls").forEach(list::add);
    return list;
  }

  private JsonNode sandboxGet(String path) throws IOException, InterruptedException {
    HttpResponse<String> response = sandboxHttp.send(HttpRequest.newBuilder(sandbox(path)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new AssertionError("GET " + path + " answered " + response.statusCode() + ": " + response.body());
    }
    return JSON.readTree(response.body());
  }

  private URI sandbox(String path) {
    return URI.create("https://localhost:" + sandboxPort + path);
  }

  /** Polls until {@code condition} holds; fails with {@code what} after {@code deadline}. */
  static void await(String what, Duration deadline, Check condition) throws Exception {
    Instant end = Instant.now().plus(deadline);
    while (!condition.holds()) {
      if (Instant.now().isAfter(end)) {
        throw new AssertionError("Gave up after " + deadline + " waiting for: " + what);
      }
      Thread.sleep(250);
    }
  }

  /** A condition polled by {@link #await}. */
  @FunctionalInterface
  interface Check {
    boolean holds() throws Exception;
  }

  @Override
  public void testFailed(ExtensionContext context, Throwable cause) {
    for (JarProcess p : processes) {
      System.out.println("===== " + p.name + ": last " + LOG_LINES_SHOWN + " lines of " + p.log + " =====");
      try {
        List<String> lines = Files.exists(p.log) ? Files.readAllLines(p.log) : List.of();
        lines.subList(Math.max(0, lines.size() - LOG_LINES_SHOWN), lines.size()).forEach(System.out::println);
      } catch (IOException | UncheckedIOException e) {
        System.out.println("(cannot read: " + e + ")");
      }
    }
  }

  @Override
  public void afterEach(ExtensionContext context) throws Exception {
    for (JarProcess p : processes) {
      p.stop();
    }
    if (postgres != null) {
      postgres.close();
    }
    deleteRecursively(dir.resolve("postgres-data"));
  }

  private static SSLContext trusting(String pem) throws Exception {
    KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
    store.load(null, null);
    store.setCertificateEntry("arm-sandbox", CertificateFactory.getInstance("X.509")
        .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII))));
    TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trust.init(store);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, trust.getTrustManagers(), null);
    return context;
  }

  private static void deleteRecursively(Path path) throws IOException {
    if (!Files.exists(path)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(path)) {
      for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}

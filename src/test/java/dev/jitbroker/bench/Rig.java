package dev.jitbroker.bench;

import dev.jitbroker.testsupport.JarProcess;
import dev.jitbroker.testsupport.Tokens;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What the process benchmarks run on: the Postgres cluster the bench script started (a real server
 * process, {@code -Dbench.pg.port}), one ARM sandbox in its own process, and the packaged service as
 * a child JVM trusting a signing key made for the run. Logs go to {@code target/bench/<name>}.
 */
final class Rig implements AutoCloseable {

  static final String SUBSCRIPTION = "44444444-0000-4000-8000-0000000000b1";
  /** Every benchmark request asks for Reader in a resource group here; the bench policy approves it at once. */
  static final String SCOPE_PREFIX = "/subscriptions/" + SUBSCRIPTION + "/resourceGroups/bench-";
  static final String DATABASE = "jit";
  private static final String POLICY = """
      rules:
        - name: bench-auto-readers
          match:
            scopes: [/subscriptions/%s/resourceGroups/bench-*]
            roles: [Reader]
          outcome:
            auto:
              maxDuration: PT8H
      """.formatted(SUBSCRIPTION);
  /** The service's JVM: the default collector, a production-sized heap; {@code -Dbench.jvm} overrides. */
  static final List<String> SERVICE_JVM = List.of(System.getProperty("bench.jvm", "-Xmx512m").split(" "));

  final Path dir;
  final int pgPort;
  final Path pgBin;
  /** The cluster's data directory, to account for its CPU. */
  final Path pgData;
  private final KeyPair signingKey;
  private final Path policy;
  private final List<JarProcess> processes = new ArrayList<>();
  private Path sandboxPem;
  private int sandboxPort;

  Rig(String name) throws Exception {
    String port = System.getProperty("bench.pg.port");
    if (port == null) {
      throw new IllegalStateException("no Postgres cluster: run this benchmark through its script in bench/");
    }
    if (!Files.exists(JarProcess.JAR)) {
      throw new IllegalStateException(JarProcess.JAR + " is missing: the bench scripts package the service first");
    }
    this.pgPort = Integer.parseInt(port);
    this.pgBin = Path.of(System.getProperty("bench.pg.bin"));
    this.pgData = Path.of(System.getProperty("bench.pg.dir"), "data");
    this.dir = Path.of("target", "bench", name).toAbsolutePath();
    Files.createDirectories(dir);
    this.policy = Files.writeString(dir.resolve("bench-policy.yaml"), POLICY);
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    this.signingKey = generator.generateKeyPair();
  }

  /** A connection as the cluster's superuser. */
  Connection connect(String database) throws SQLException {
    return DriverManager.getConnection(jdbcUrl(database), "postgres", "");
  }

  String jdbcUrl(String database) {
    return "jdbc:postgresql://127.0.0.1:" + pgPort + "/" + database;
  }

  void createDatabase(String name) throws SQLException {
    try (Connection c = connect("postgres"); Statement s = c.createStatement()) {
      s.execute("DROP DATABASE IF EXISTS " + name);
      s.execute("CREATE DATABASE " + name);
    }
  }

  /** Starts the ARM sandbox in its own process, on its own database. */
  void startSandbox() throws Exception {
    createDatabase("arm_sandbox");
    sandboxPem = dir.resolve("arm-sandbox.pem");
    Files.deleteIfExists(sandboxPem);
    sandboxPort = JarProcess.freePort();
    JarProcess sandbox = JarProcess.armSandbox(common("arm_sandbox"), sandboxPort, sandboxPem,
        dir.resolve("arm-sandbox.log"));
    processes.add(sandbox);
    sandbox.start(null, sandboxPem);
  }

  /**
   * The service under test on database {@link #DATABASE}, granting through the sandbox; requesters are
   * told on a webhook channel whose notifications are stored (an outbox row with every change) but,
   * with the dispatcher off, not sent. {@code extra} adds or overrides settings.
   */
  Service service(String name, Map<String, String> extra) throws IOException {
    int port = JarProcess.freePort();
    Map<String, String> settings = JarProcess.broker(common(DATABASE), port, sandboxPort, sandboxPem);
    settings.put("jit.notify.channels.requesters.type", "webhook");
    settings.put("jit.notify.channels.requesters.url", "http://127.0.0.1:9/requesters");
    settings.put("jit.notify.channels.requesters.secrets", "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
    settings.put("jit.notify.requester-channels", "requesters");
    settings.put("jit.notify.enabled", "false");
    String pool = System.getProperty("bench.pool");
    if (pool != null) {
      // -Dbench.pool: the service's connection pool (quarkus.datasource.jdbc.max-size, 32 by default).
      settings.put("quarkus.datasource.jdbc.max-size", pool);
    }
    settings.putAll(extra);
    List<String> jvm = new ArrayList<>(SERVICE_JVM);
    if (Boolean.getBoolean("bench.jfr")) {
      // -Dbench.jfr: a flight recording of the service (CPU samples, allocations, locks) to read with `jfr`.
      jvm.add("-XX:StartFlightRecording=settings=profile,filename=" + dir.resolve(name + ".jfr"));
    }
    JarProcess process = new JarProcess(name, dir.resolve(name + ".log"), settings, jvm);
    processes.add(process);
    return new Service(process, URI.create("http://127.0.0.1:" + port));
  }

  private Map<String, String> common(String database) {
    return JarProcess.settings(jdbcUrl(database), signingKey, policy);
  }

  /** A signed bearer token for {@code user}, trusted by the service. */
  String bearer(Tokens.User user) {
    return "Bearer " + user.claims().expiresIn(6 * 3600).jws().keyId("bench").sign(signingKey.getPrivate());
  }

  /** The service under test and its API. */
  record Service(JarProcess process, URI api) {

    void start() throws IOException, InterruptedException {
      process.start(api.resolve("/q/health/ready"), null);
    }

    void stop() throws InterruptedException {
      process.stop();
    }

    /** Resident memory of the service's JVM, in MiB. */
    double rssMiB() throws IOException {
      return Machine.rssKiB(process.pid()) / 1024.0;
    }

    long pid() {
      return process.pid();
    }
  }

  @Override
  public void close() throws Exception {
    for (JarProcess p : processes) {
      p.stop();
    }
  }
}

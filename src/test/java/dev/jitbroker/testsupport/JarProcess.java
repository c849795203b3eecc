package dev.jitbroker.testsupport;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The packaged service run as a child JVM, with its output appended to a log file that survives restarts. */
public final class JarProcess {

  public static final Path JAR = Path.of("target", "quarkus-app", "quarkus-run.jar");
  /** Short-lived JVMs for the drills: a small heap, and the quick compiler alone starts them faster. */
  public static final List<String> SMALL_JVM = List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");
  private static final Duration START_DEADLINE = Duration.ofSeconds(90);

  public final String name;
  public final Path log;
  private final Map<String, String> settings;
  private final List<String> jvmOptions;
  private Process process;
  private int starts;

  public JarProcess(String name, Path log, Map<String, String> settings) {
    this(name, log, settings, SMALL_JVM);
  }

  public JarProcess(String name, Path log, Map<String, String> settings, List<String> jvmOptions) {
    this.name = name;
    this.log = log;
    this.settings = new TreeMap<>(settings);
    this.jvmOptions = List.copyOf(jvmOptions);
  }

  /**
   * The settings every process of a drill or benchmark shares: loopback only, its database, tokens signed
   * by {@code signingKey} (with the test issuer and audience), and {@code policy}.
   */
  public static Map<String, String> settings(String jdbcUrl, KeyPair signingKey, Path policy) {
    Map<String, String> s = new HashMap<>();
    s.put("quarkus.http.host", "127.0.0.1");
    s.put("quarkus.datasource.jdbc.url", jdbcUrl);
    s.put("quarkus.datasource.username", "postgres");
    s.put("quarkus.datasource.password", "postgres");
    s.put("quarkus.oidc.public-key", Base64.getEncoder().encodeToString(signingKey.getPublic().getEncoded()));
    s.put("quarkus.oidc.token.issuer", Tokens.ISSUER);
    s.put("quarkus.oidc.token.audience", Tokens.AUDIENCE);
    s.put("quarkus.banner.enabled", "false");
    s.put("jit.policy.file", policy.toString());
    return s;
  }

  /**
   * The settings of a broker on {@code httpPort} that grants through the ARM sandbox on
   * {@code sandboxPort}, trusting its certificate {@code sandboxCertificate}.
   */
  public static Map<String, String> broker(Map<String, String> common, int httpPort, int sandboxPort,
      Path sandboxCertificate) {
    Map<String, String> s = new HashMap<>(common);
    s.put("quarkus.http.port", Integer.toString(httpPort));
    s.put("jit.azure.mode", "sandbox");
    s.put("jit.azure.arm-endpoint", "https://localhost:" + sandboxPort + "/");
    s.put("jit.azure.trust-store", sandboxCertificate.toString());
    return s;
  }

  /**
   * The ARM sandbox as a process of its own (the packaged jar with its workers off), serving HTTPS on
   * {@code port} with a certificate it writes to {@code certificate}: its readiness file.
   */
  public static JarProcess armSandbox(Map<String, String> common, int port, Path certificate, Path log) {
    Map<String, String> host = new HashMap<>(common);
    host.put("quarkus.http.port", "0");
    host.put("jit.azure.mode", "sandbox");
    host.put("jit.sandbox.port", Integer.toString(port));
    host.put("jit.sandbox.certificate-file", certificate.toString());
    host.put("jit.grants.enabled", "false");
    return new JarProcess("arm-sandbox", log, host);
  }

  /** Starts the service and returns once {@code ready} answers 2xx (or the readiness file exists, when given). */
  public void start(URI ready, Path readyFile) throws IOException, InterruptedException {
    if (!Files.exists(JAR)) {
      throw new IllegalStateException(JAR + " is missing: run the drills with ./mvnw verify, which packages first");
    }
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    settings.forEach((key, value) -> command.add("-D" + key + "=" + value));
    command.add("-jar");
    command.add(JAR.toString());
    Files.createDirectories(log.getParent());
    Files.writeString(log, "=== " + name + " start " + (++starts) + " at " + Instant.now() + "\n",
        java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
    process = new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
        .start();
    awaitReady(ready, readyFile);
  }

  private void awaitReady(URI ready, Path readyFile) throws InterruptedException {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    Instant deadline = Instant.now().plus(START_DEADLINE);
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw new IllegalStateException(name + " exited with " + process.exitValue() + " while starting; see " + log);
      }
      if (readyFile != null ? Files.exists(readyFile) : answers(http, ready)) {
        return;
      }
      Thread.sleep(25);
    }
    throw new IllegalStateException(name + " was not ready within " + START_DEADLINE + "; see " + log);
  }

  private static boolean answers(HttpClient http, URI uri) throws InterruptedException {
    try {
      int status = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(2)).build(),
          HttpResponse.BodyHandlers.discarding()).statusCode();
      return status >= 200 && status < 300;
    } catch (IOException notYet) {
      return false;
    }
  }

  /**
   * Kills the JVM outright: on Linux {@code destroyForcibly} sends SIGKILL, so no shutdown hook,
   * transaction rollback or connection close runs in the process; the database sees the sockets drop.
   */
  public void kill() throws InterruptedException {
    Process p = process;
    if (p != null && p.isAlive()) {
      p.destroyForcibly();
      p.waitFor();
      appendNote("killed (SIGKILL), exit " + p.exitValue());
    }
  }

  /** Stops the JVM gracefully, forcibly if it does not stop in time. */
  public void stop() throws InterruptedException {
    Process p = process;
    if (p != null && p.isAlive()) {
      p.destroy();
      if (!p.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
        p.destroyForcibly().waitFor();
      }
    }
  }

  /** The operating system's id of the running JVM. */
  public long pid() {
    return process.pid();
  }

  public boolean alive() {
    return process != null && process.isAlive();
  }

  private void appendNote(String note) {
    try {
      Files.writeString(log, "=== " + name + " " + note + " at " + Instant.now() + "\n",
          java.nio.file.StandardOpenOption.APPEND);
    } catch (IOException ignored) {
      // Only a note for the reader of the log.
    }
  }

  /** A TCP port free at the time of asking. */
  public static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    }
  }
}

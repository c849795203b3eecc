package dev.jitbroker.sandbox;

import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/** The ARM emulator on its own HTTPS port: role definitions and role assignments, on when {@code jit.azure.mode=sandbox}. */
@ApplicationScoped
public class ArmSandbox {

  /** The value of {@code jit.azure.mode} that turns the sandbox on. */
  public static final String MODE = "sandbox";

  private static final Logger LOG = Logger.getLogger(ArmSandbox.class);
  private static final Duration LISTEN_TIMEOUT = Duration.ofSeconds(10);

  private final Vertx vertx;
  private final SandboxConfig config;
  private final Optional<String> mode;
  private final boolean servedElsewhere;
  private final int apiPort;
  private final Clock clock;
  private final Emulator emulator;
  private volatile SandboxServer server;
  private volatile SandboxCertificate certificate;

  @Inject
  ArmSandbox(Vertx vertx, SandboxConfig config, AzureModeConfig azure, Instance<Clock> clocks,
      @ConfigProperty(name = "quarkus.http.port", defaultValue = "8080") int httpPort,
      @ConfigProperty(name = "quarkus.http.test-port", defaultValue = "8081") int testPort) {
    this(vertx, config, azure.mode(), azure.armEndpoint().isPresent(),
        LaunchMode.current() == LaunchMode.TEST ? testPort : httpPort,
        clocks.isResolvable() ? clocks.get() : Clock.systemUTC());
  }

  ArmSandbox(Vertx vertx, SandboxConfig config, Optional<String> mode, int apiPort, Clock clock) {
    this(vertx, config, mode, false, apiPort, clock);
  }

  private ArmSandbox(Vertx vertx, SandboxConfig config, Optional<String> mode, boolean servedElsewhere, int apiPort,
      Clock clock) {
    this.vertx = vertx;
    this.config = config;
    this.mode = mode;
    this.servedElsewhere = servedElsewhere;
    this.apiPort = apiPort;
    this.clock = clock;
    this.emulator = new Emulator(config.writeBurst(), config.writeRefillPerSecond(), clock);
  }

  // Before other startup observers, so anything that calls Azure at start finds the sandbox listening.
  void start(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) StartupEvent event) {
    if (!mode.map(MODE::equalsIgnoreCase).orElse(false) || servedElsewhere) {
      return;
    }
    if (config.port() != 0 && config.port() == apiPort) {
      throw new IllegalStateException("jit.sandbox.port " + config.port() + " is the service's API port; "
          + "the ARM sandbox must listen on its own port (0 picks a free one)");
    }
    SandboxCertificate generated = SandboxCertificate.generate(clock);
    certificate = generated;
    server = SandboxServer.start(vertx, emulator, generated, config.port(), LISTEN_TIMEOUT);
    LOG.infof("ARM sandbox listening on %s (self-signed certificate valid until %s)", baseUrl(),
        generated.certificate().getNotAfter().toInstant());
    config.certificateFile().ifPresent(file -> publish(generated.certificatePem(), Path.of(file)));
  }

  // Written whole, then moved into place: a reader that sees the file sees all of it, and the sandbox listening.
  private static void publish(String pem, Path file) {
    try {
      Path dir = file.toAbsolutePath().getParent();
      Files.createDirectories(dir);
      Path partial = Files.createTempFile(dir, file.getFileName().toString(), ".partial");
      Files.writeString(partial, pem);
      Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the ARM sandbox certificate to jit.sandbox.certificate-file " + file, e);
    }
  }

  void stop(@Observes ShutdownEvent event) {
    SandboxServer running = server;
    if (running != null) {
      server = null;
      running.stop(LISTEN_TIMEOUT);
    }
  }

  /** Whether the sandbox is listening. */
  public boolean running() {
    return server != null;
  }

  /** The ARM endpoint to give the Azure SDK, e.g. {@code https://localhost:44321}. */
  public String baseUrl() {
    return "https://localhost:" + require().port();
  }

  /** The PEM of the sandbox's self-signed certificate: the one certificate a client should trust for it. */
  public String certificatePem() {
    require();
    return certificate.certificatePem();
  }

  /** What the sandbox holds, for tests to inspect. */
  public SandboxState state() {
    return emulator.state;
  }

  /** The emulated Microsoft.Solutions: managed applications and their JIT requests. */
  public ManagedApps managedApps() {
    return emulator.managedApps;
  }

  /** Every role assignment at every scope. */
  public List<RoleAssignment> roleAssignments() {
    return emulator.state.roleAssignments();
  }

  /**
   * Creates or replaces the JIT network access policy {@code default} in location {@code westeurope}
   * of the VMs' resource group: every VM gets the same rules for {@code ports}.
   *
   * @param allowedSources the allowed source address prefixes ({@code *}: any)
   */
  public void jitPolicy(List<String> vmIds, List<Integer> ports, Duration maxRequestAccessDuration, List<String> allowedSources) {
    emulator.security.createPolicy("westeurope", "default", vmIds, ports, maxRequestAccessDuration, allowedSources);
  }

  /** The VM ports JIT requests hold open now, on Defender's clock. */
  public List<JitOpenPort> jitOpenPorts() {
    return emulator.security.openPorts();
  }

  /** Runs Defender for Cloud's clock {@code ahead} of the sandbox's, so JIT ports whose end has come close; ZERO puts it back. */
  public void jitClockAhead(Duration ahead) {
    emulator.security.ahead(ahead);
  }

  /** Clears role assignments, injected faults and latency, throttle buckets and call counts. */
  public void reset() {
    emulator.reset();
  }

  /**
   * Sets what the broker's identity holds at exactly {@code scope} (one role's actions and notActions),
   * as {@code Microsoft.Authorization/permissions} will report it; no actions removes the entry.
   */
  public void brokerPermissions(String scope, List<String> actions, List<String> notActions) {
    emulator.permissions.set(scope, actions, notActions);
  }

  /** The next {@code count} ARM calls answer {@code status} (403, 429, 500 or 503) with an ARM error body. */
  public void failNext(int count, int status) {
    emulator.faults.failNext(count, status);
  }

  /**
   * Creates a role assignment directly, as if someone had made it earlier: not an ARM call, so not
   * throttled or counted. For tests and benchmarks that need many assignments in place quickly.
   */
  public void seedRoleAssignment(String scope, String name, String roleDefinitionId, String principalId, String description) {
    java.time.Instant now = clock.instant();
    emulator.state.put(new RoleAssignment(ArmPath.normalize(scope), name, roleDefinitionId, principalId, "User",
        description, now, now, null, null), now, null);
  }

  /** The next {@code count} ARM calls are never answered, so the caller's response timeout ends them. */
  public void timeoutNext(int count) {
    emulator.faults.failNext(count, Faults.TIMEOUT);
  }

  /** Adds {@code latency} to every ARM call from now on; {@link Duration#ZERO} removes it. */
  public void latency(Duration latency) {
    emulator.faults.latency(latency);
  }

  /** Marks a subscription (null: the whole tenant) as having, or not having, an Entra ID P2 licence for PIM. */
  public void pimLicence(String subscriptionId, boolean p2) {
    emulator.pim.licence(subscriptionId, p2);
  }

  /** How many ARM calls were answered, by method and status. */
  public Map<ArmCall, Long> calls() {
    return emulator.calls.snapshot();
  }

  /** How many {@code method} ARM calls were answered with {@code status}. */
  public long calls(String method, int status) {
    return emulator.calls.count(method, status);
  }

  private SandboxServer require() {
    SandboxServer running = server;
    if (running == null) {
      throw new IllegalStateException("the ARM sandbox is not running (it starts only when jit.azure.mode=sandbox)");
    }
    return running;
  }
}

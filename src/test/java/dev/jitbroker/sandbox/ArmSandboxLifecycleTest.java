package dev.jitbroker.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** When the sandbox starts and stops, without Quarkus: only for {@code jit.azure.mode=sandbox}, never on the API port. */
class ArmSandboxLifecycleTest {

  private static Vertx vertx;

  @BeforeAll
  static void vertx() {
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void closeVertx() {
    vertx.close().toCompletionStage().toCompletableFuture().join();
  }

  @Test
  void start_withoutSandboxMode_listensNowhere() {
    for (Optional<String> mode : List.of(Optional.<String>empty(), Optional.of("azure"), Optional.of(""))) {
      ArmSandbox sandbox = sandbox(mode, 0, 8080);
      sandbox.start(new StartupEvent());
      assertFalse(sandbox.running(), mode.toString());
      assertThrows(IllegalStateException.class, sandbox::baseUrl);
      assertThrows(IllegalStateException.class, sandbox::certificatePem);
      sandbox.stop(new ShutdownEvent());
    }
  }

  @Test
  void start_inSandboxMode_servesHttpsUntilShutdown() throws Exception {
    ArmSandbox sandbox = sandbox(Optional.of("sandbox"), 0, 8080);
    sandbox.start(new StartupEvent());
    try {
      assertTrue(sandbox.running());
      SandboxClient client = new SandboxClient(sandbox.baseUrl(), sandbox.certificatePem());
      HttpResponse<String> response = client.arm("GET",
          "/providers/Microsoft.Authorization/roleDefinitions?api-version=2022-04-01", null);
      assertEquals(200, response.statusCode());
    } finally {
      sandbox.stop(new ShutdownEvent());
    }
    assertFalse(sandbox.running());
  }

  @Test
  void start_onAChosenPort_usesIt() throws Exception {
    int port;
    try (ServerSocket probe = new ServerSocket(0)) {
      port = probe.getLocalPort();
    }
    ArmSandbox sandbox = sandbox(Optional.of("sandbox"), port, 8080);
    sandbox.start(new StartupEvent());
    try {
      assertEquals(port, URI.create(sandbox.baseUrl()).getPort());
    } finally {
      sandbox.stop(new ShutdownEvent());
    }
  }

  @Test
  void start_onTheApiPort_isRefused() {
    ArmSandbox sandbox = sandbox(Optional.of("sandbox"), 8080, 8080);
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> sandbox.start(new StartupEvent()));
    assertTrue(e.getMessage().contains("API port"));
    assertFalse(sandbox.running());
  }

  @Test
  void start_withACertificateFile_writesTheCertificateForOtherProcesses() throws Exception {
    java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("arm-sandbox");
    java.nio.file.Path file = dir.resolve("sandbox.pem");
    ArmSandbox sandbox = sandbox(Optional.of("sandbox"), 0, 8080, Optional.of(file.toString()));
    sandbox.start(new StartupEvent());
    try {
      assertEquals(sandbox.certificatePem(), java.nio.file.Files.readString(file));
    } finally {
      sandbox.stop(new ShutdownEvent());
      java.nio.file.Files.delete(file);
      java.nio.file.Files.delete(dir);
    }
  }

  private static ArmSandbox sandbox(Optional<String> mode, int port, int apiPort) {
    return sandbox(mode, port, apiPort, Optional.empty());
  }

  private static ArmSandbox sandbox(Optional<String> mode, int port, int apiPort, Optional<String> certificateFile) {
    SandboxConfig config = new SandboxConfig() {
      @Override
      public int port() {
        return port;
      }

      @Override
      public Optional<String> certificateFile() {
        return certificateFile;
      }

      @Override
      public int writeBurst() {
        return 200;
      }

      @Override
      public double writeRefillPerSecond() {
        return 10;
      }
    };
    return new ArmSandbox(vertx, config, mode, apiPort, Clock.systemUTC());
  }
}

package dev.jitbroker.sandbox;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Optional;

/** Settings of the ARM sandbox (prefix {@code jit.sandbox}); it runs only when {@code jit.azure.mode=sandbox}. */
@ConfigMapping(prefix = "jit.sandbox")
public interface SandboxConfig {

  /** The HTTPS port on 127.0.0.1; 0 picks a free one. Never the service's own API port. */
  @WithDefault("0")
  int port();

  /**
   * A file the sandbox writes its certificate (PEM) to once it listens, so services in other
   * processes can trust it ({@code jit.azure.trust-store}).
   */
  Optional<String> certificateFile();

  /** Writes (PUT, DELETE, POST, PATCH) a subscription may make at once: ARM allows 200. */
  @WithDefault("200")
  int writeBurst();

  /** Write tokens returned to each subscription's budget per second: ARM refills 10. */
  @WithDefault("10")
  double writeRefillPerSecond();
}

package dev.jitbroker.sandbox;

import io.smallrye.config.ConfigMapping;
import java.util.Optional;

/** The {@code jit.azure} settings the sandbox reads: {@code jit.azure.mode=sandbox} turns it on. */
// A mapping, not a loose @ConfigProperty: the service's "jit" configuration root refuses keys no mapping claims.
@ConfigMapping(prefix = "jit.azure")
public interface AzureModeConfig {

  /** How the service reaches Azure; {@code sandbox} starts the ARM sandbox. */
  Optional<String> mode();

  /** Set in sandbox mode: the ARM sandbox another process serves there, so this one starts none. */
  Optional<String> armEndpoint();
}

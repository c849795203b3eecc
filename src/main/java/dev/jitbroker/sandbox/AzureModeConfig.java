package dev.jitbroker.sandbox;

import io.smallrye.config.ConfigMapping;
import java.util.Optional;

/** The one {@code jit.azure} setting the sandbox reads: {@code jit.azure.mode=sandbox} turns it on. */
// A mapping, not a loose @ConfigProperty: the service's "jit" configuration root refuses keys no mapping claims.
@ConfigMapping(prefix = "jit.azure")
public interface AzureModeConfig {

  /** How the service reaches Azure; {@code sandbox} starts the ARM sandbox. */
  Optional<String> mode();
}

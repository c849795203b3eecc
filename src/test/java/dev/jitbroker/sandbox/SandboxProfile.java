package dev.jitbroker.sandbox;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** The service with the ARM sandbox on, and a write budget small enough to exhaust in a test. */
public class SandboxProfile implements QuarkusTestProfile {

  @Override
  public Map<String, String> getConfigOverrides() {
    return Map.of(
        "jit.azure.mode", "sandbox",
        "jit.sandbox.write-burst", "5",
        "jit.sandbox.write-refill-per-second", "1");
  }
}

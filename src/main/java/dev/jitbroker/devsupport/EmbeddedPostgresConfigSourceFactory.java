package dev.jitbroker.devsupport;

import io.quarkus.runtime.LaunchMode;
import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.PropertiesConfigSource;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * Starts a real embedded Postgres for dev mode and tests when no JDBC URL is configured.
 *
 * <p>Production never takes this path: outside the {@code dev} and {@code test} profiles, or when
 * {@code quarkus.datasource.jdbc.url} (for example {@code QUARKUS_DATASOURCE_JDBC_URL}) is set, it
 * contributes nothing. The embedded Postgres library is a dev and test dependency only: this class
 * names none of its types, and contributes nothing where the library is missing.
 */
public final class EmbeddedPostgresConfigSourceFactory implements ConfigSourceFactory {

  private static final String JDBC_URL = "quarkus.datasource.jdbc.url";

  @Override
  public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
    List<String> profiles = context.getProfiles();
    boolean dev = profiles.contains("dev");
    boolean test = profiles.contains("test");
    // The launch mode, not only the profile: a packaged jar run with QUARKUS_PROFILE=dev stays production.
    if (!dev && !test || LaunchMode.current() == LaunchMode.NORMAL) {
      return List.of();
    }
    ConfigValue configured = context.getValue(JDBC_URL);
    if (configured != null && configured.getValue() != null && !configured.getValue().isBlank()) {
      return List.of();
    }
    if (!EmbeddedPostgresServer.available()) {
      // Not in this build (the binaries are kept out of the packaged application): nothing to start.
      return List.of();
    }
    String url = EmbeddedPostgresServer.ensureStarted(dev);
    return List.of(
        new PropertiesConfigSource(
            Map.of(
                JDBC_URL, url,
                "quarkus.datasource.username", "postgres",
                "quarkus.datasource.password", "postgres"),
            "jit-broker-embedded-postgres",
            // Below application.properties (250) and the environment (300).
            200));
  }

  @Override
  public OptionalInt getPriority() {
    return OptionalInt.of(200);
  }
}

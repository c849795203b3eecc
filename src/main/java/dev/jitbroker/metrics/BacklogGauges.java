package dev.jitbroker.metrics;

import dev.jitbroker.request.RequestState;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/**
 * Gauges of what waits: requests by state, and the notification outbox (how many are due and how long
 * the oldest has waited). Two queries every {@code jit.metrics.refresh-interval} feed them; a scrape
 * only reads the last figures. Every replica reports the same figures, so sum nothing across replicas.
 */
@ApplicationScoped
public class BacklogGauges {

  private static final Logger LOG = Logger.getLogger(BacklogGauges.class);

  private static final String BY_STATE = "SELECT state, count(*) FROM access_request GROUP BY state";
  // Due and not yet delivered (retries waiting included); warnings scheduled for later are not backlog.
  private static final String OUTBOX = "SELECT count(*), COALESCE(EXTRACT(EPOCH FROM now() - min(due_at)), 0)"
      + " FROM notification WHERE state = 'PENDING' AND due_at <= now()";

  private final DataSource dataSource;
  private final Map<RequestState, AtomicLong> byState = new EnumMap<>(RequestState.class);
  private final AtomicLong outboxDepth = new AtomicLong();
  private final AtomicReference<Double> oldestAgeSeconds = new AtomicReference<>(0.0);

  BacklogGauges(DataSource dataSource, MeterRegistry registry) {
    this.dataSource = dataSource;
    for (RequestState state : RequestState.values()) {
      AtomicLong count = new AtomicLong();
      byState.put(state, count);
      Gauge.builder("jit.requests", count, AtomicLong::get)
          .description("Access requests by state, as last counted (every jit.metrics.refresh-interval)")
          .tag("state", state.name())
          .register(registry);
    }
    Gauge.builder("jit.outbox.depth", outboxDepth, AtomicLong::get)
        .description("Notifications due and not yet delivered (retries waiting included), as last counted")
        .register(registry);
    Gauge.builder("jit.outbox.oldest.age", oldestAgeSeconds, AtomicReference::get)
        .description("How long the oldest due, undelivered notification has waited, in seconds (0: none)")
        .baseUnit("seconds")
        .register(registry);
  }

  @Scheduled(every = "${jit.metrics.refresh-interval:30s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void refresh() {
    try (Connection c = dataSource.getConnection()) {
      Map<RequestState, Long> counted = new EnumMap<>(RequestState.class);
      try (PreparedStatement s = c.prepareStatement(BY_STATE); ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          counted.put(RequestState.valueOf(rs.getString(1).toUpperCase(Locale.ROOT)), rs.getLong(2));
        }
      }
      byState.forEach((state, gauge) -> gauge.set(counted.getOrDefault(state, 0L)));
      try (PreparedStatement s = c.prepareStatement(OUTBOX); ResultSet rs = s.executeQuery()) {
        rs.next();
        outboxDepth.set(rs.getLong(1));
        oldestAgeSeconds.set(Math.max(0, rs.getDouble(2)));
      }
    } catch (SQLException | RuntimeException e) {
      // The figures stay as last counted; readiness reports the database itself.
      LOG.warnf("Could not count requests and notifications for the metrics: %s", e.getMessage());
    }
  }
}

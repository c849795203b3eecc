package dev.jitbroker.hooks;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import org.jboss.logging.Logger;

/** Deletes replay records whose callbacks could no longer pass as fresh; any replica may run it. */
@ApplicationScoped
public class DeliveryPruning {

  private static final Logger LOG = Logger.getLogger(DeliveryPruning.class);

  private final DeliveryLog deliveries;
  private final Clock clock;

  DeliveryPruning(DeliveryLog deliveries, Clock clock) {
    this.deliveries = deliveries;
    this.clock = clock;
  }

  @Scheduled(every = "1m", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void run() {
    try {
      deliveries.forgetExpired(clock.instant());
    } catch (RuntimeException e) {
      LOG.warnf("Pruning inbound deliveries failed; the next pass retries: %s", e.getMessage());
    }
  }
}

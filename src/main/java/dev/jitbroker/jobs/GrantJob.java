package dev.jitbroker.jobs;

import dev.jitbroker.config.JitConfig;
import dev.jitbroker.request.Granting;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/** Drives the grant and expiry work; safe with any number of replicas (rows are claimed with SKIP LOCKED). */
@ApplicationScoped
public class GrantJob {

  private static final Logger LOG = Logger.getLogger(GrantJob.class);

  private final Granting granting;
  private final JitConfig config;

  GrantJob(Granting granting, JitConfig config) {
    this.granting = granting;
    this.config = config;
  }

  @Scheduled(every = "${jit.grants.poll-interval:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void grant() {
    if (!config.grants().enabled()) {
      return;
    }
    int batch = config.grants().batchSize();
    try {
      for (int i = 0; i < batch && granting.grantNext(); i++) {
        // one request per transaction
      }
    } catch (RuntimeException e) {
      LOG.warnf("The grant pass failed; the next one retries: %s", e.getMessage());
    }
  }

  @Scheduled(every = "${jit.grants.poll-interval:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void expire() {
    if (!config.grants().enabled()) {
      return;
    }
    int batch = config.grants().batchSize();
    try {
      for (int i = 0; i < batch && granting.removeNext(); i++) {
        // one request per transaction
      }
    } catch (RuntimeException e) {
      LOG.warnf("The expiry pass failed; the next one retries: %s", e.getMessage());
    }
  }
}

package dev.jitbroker.jobs;

import dev.jitbroker.config.JitConfig;

import dev.jitbroker.request.RequestLifecycle;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/** Moves pending requests nobody decided in time to TIMED_OUT; safe with any number of replicas. */
@ApplicationScoped
public class TimeoutJob {

  private static final Logger LOG = Logger.getLogger(TimeoutJob.class);

  private final RequestLifecycle lifecycle;
  private final JitConfig config;

  TimeoutJob(RequestLifecycle lifecycle, JitConfig config) {
    this.lifecycle = lifecycle;
    this.config = config;
  }

  @Scheduled(
      every = "${jit.requests.timeout-check-interval:60s}",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void run() {
    int batch = config.requests().timeoutBatchSize();
    try {
      int total = 0;
      int done;
      do {
        done = lifecycle.timeOutOverdue(batch);
        total += done;
      } while (done == batch);
      if (total > 0) {
        LOG.infof("Timed out %d pending request(s) nobody decided in time", total);
      }
    } catch (RuntimeException e) {
      LOG.warnf("The timeout pass failed; the next one retries: %s", e.getMessage());
    }
  }
}

package dev.jitbroker.jobs;

import dev.jitbroker.config.JitConfig;
import dev.jitbroker.request.Granting;
import dev.jitbroker.request.Reconciling;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/** Drives the grant and expiry work; safe with any number of replicas (rows are claimed with SKIP LOCKED). */
@ApplicationScoped
public class GrantJob {

  private static final Logger LOG = Logger.getLogger(GrantJob.class);

  private final Granting granting;
  private final Reconciling reconciling;
  private final JitConfig config;

  GrantJob(Granting granting, Reconciling reconciling, JitConfig config) {
    this.granting = granting;
    this.reconciling = reconciling;
    this.config = config;
  }

  @Scheduled(every = "${jit.grants.reconcile-interval:10m}", delay = 1, delayUnit = java.util.concurrent.TimeUnit.MINUTES,
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void reconcile() {
    if (!config.grants().enabled()) {
      return;
    }
    try {
      Reconciling.Report report = reconciling.reconcile();
      if (report.orphansRemoved() > 0 || report.drifted() > 0 || report.failedScopes() > 0) {
        LOG.infof("Reconciled %d scope(s): %d orphan(s) removed, %d drifted request(s), %d scope(s) failed",
            report.scopes(), report.orphansRemoved(), report.drifted(), report.failedScopes());
      }
    } catch (RuntimeException e) {
      LOG.warnf("The reconcile pass failed; the next one retries: %s", e.getMessage());
    }
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

package dev.jitbroker.jobs;

import dev.jitbroker.config.JitConfig;
import dev.jitbroker.request.AccessApproved;
import dev.jitbroker.request.Granting;
import dev.jitbroker.request.Reconciling;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.annotation.PreDestroy;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/** Drives the grant and expiry work; safe with any number of replicas (rows are claimed with SKIP LOCKED). */
@ApplicationScoped
public class GrantJob {

  private static final Logger LOG = Logger.getLogger(GrantJob.class);

  private final Granting granting;
  private final Reconciling reconciling;
  private final JitConfig config;
  // One thread, and at most one pass queued: a burst of approvals starts one pass, not hundreds.
  private final ExecutorService trigger = Executors.newSingleThreadExecutor(r -> new Thread(r, "grant-trigger"));
  private final AtomicBoolean queued = new AtomicBoolean();

  GrantJob(Granting granting, Reconciling reconciling, JitConfig config) {
    this.granting = granting;
    this.reconciling = reconciling;
    this.config = config;
  }

  @PreDestroy
  void stop() {
    trigger.shutdownNow();
  }

  @Scheduled(every = "${jit.grants.reconcile-interval:10m}", delayed = "${jit.grants.reconcile-delay:1m}",
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

  /**
   * Starts granting as soon as an approval commits, instead of at the next poll. Runs off the
   * caller's thread; the row lock makes it safe next to the scheduled pass and other replicas.
   */
  void onApproved(@Observes(during = TransactionPhase.AFTER_SUCCESS) AccessApproved event) {
    if (config.grants().enabled() && queued.compareAndSet(false, true)) {
      trigger.execute(() -> {
        queued.set(false);
        grantDue();
      });
    }
  }

  @Scheduled(every = "${jit.grants.poll-interval:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void grant() {
    grantDue();
  }

  private void grantDue() {
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

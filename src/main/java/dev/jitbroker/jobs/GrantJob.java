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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
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
  private final ExecutorService workers;

  GrantJob(Granting granting, Reconciling reconciling, JitConfig config) {
    this.granting = granting;
    this.reconciling = reconciling;
    this.config = config;
    AtomicInteger n = new AtomicInteger();
    this.workers = Executors.newCachedThreadPool(r -> new Thread(r, "grant-worker-" + n.incrementAndGet()));
  }

  private volatile boolean stopping;

  @PreDestroy
  void stop() {
    stopping = true;
    trigger.shutdownNow();
    workers.shutdown();
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
    try {
      drain(granting::grantNext);
    } catch (RuntimeException e) {
      LOG.warnf("The grant pass failed; the next one retries: %s", e.getMessage());
    }
  }

  @Scheduled(every = "${jit.grants.poll-interval:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void expire() {
    if (!config.grants().enabled()) {
      return;
    }
    try {
      drain(granting::removeNext);
    } catch (RuntimeException e) {
      LOG.warnf("The expiry pass failed; the next one retries: %s", e.getMessage());
    }
  }

  /**
   * Works through due requests one transaction each, batch after batch while batches come back full,
   * so a backlog (10,000 expiries at once) drains at the ARM budget without waiting a poll per batch.
   */
  private void drain(BooleanSupplier next) {
    int parallel = Math.max(1, config.grants().concurrency());
    if (parallel == 1) {
      drainOne(next);
      return;
    }
    // Most passes find nothing due: one query, and no other threads, to learn that.
    if (stopping || !next.getAsBoolean()) {
      return;
    }
    List<Callable<Void>> drains = new ArrayList<>();
    for (int i = 0; i < parallel; i++) {
      drains.add(() -> {
        drainOne(next);
        return null;
      });
    }
    try {
      for (Future<Void> f : workers.invokeAll(drains)) {
        try {
          f.get();
        } catch (ExecutionException e) {
          throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (java.util.concurrent.RejectedExecutionException e) {
      // Shutting down.
    }
  }

  private void drainOne(BooleanSupplier next) {
    int batch = config.grants().batchSize();
    int done;
    do {
      done = 0;
      while (done < batch && !stopping && next.getAsBoolean()) {
        done++;
      }
    } while (done == batch && !stopping);
  }
}

package dev.jitbroker.jobs;

import dev.jitbroker.notify.Dispatcher;
import dev.jitbroker.notify.NotifyConfig;
import io.quarkus.scheduler.Scheduled;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/** Drives the notification dispatcher; safe with any number of replicas (rows are claimed with SKIP LOCKED). */
@ApplicationScoped
public class NotificationJob {

  private static final Logger LOG = Logger.getLogger(NotificationJob.class);

  private final Dispatcher dispatcher;
  private final NotifyConfig config;
  private final ExecutorService workers;
  private volatile boolean stopping;

  NotificationJob(Dispatcher dispatcher, NotifyConfig config) {
    this.dispatcher = dispatcher;
    this.config = config;
    AtomicInteger n = new AtomicInteger();
    this.workers = Executors.newCachedThreadPool(r -> new Thread(r, "notify-worker-" + n.incrementAndGet()));
  }

  @PreDestroy
  void stop() {
    stopping = true;
    workers.shutdown();
  }

  @Scheduled(every = "${jit.notify.poll-interval:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void dispatch() {
    if (!config.enabled() || stopping) {
      return;
    }
    try {
      // Most passes find nothing due: one query, and no other threads, to learn that.
      if (!dispatcher.deliverNext()) {
        return;
      }
      List<Callable<Void>> drains = new ArrayList<>();
      for (int i = 0; i < Math.max(1, config.concurrency()); i++) {
        drains.add(() -> {
          while (!stopping && dispatcher.deliverNext()) {
            // Each call claims, sends and records one notification.
          }
          return null;
        });
      }
      for (Future<Void> f : workers.invokeAll(drains)) {
        try {
          f.get();
        } catch (ExecutionException e) {
          LOG.warnf("A notification worker stopped; the next pass retries: %s", e.getCause().getMessage());
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RejectedExecutionException e) {
      // Shutting down.
    } catch (RuntimeException e) {
      LOG.warnf("The notification pass failed; the next one retries: %s", e.getMessage());
    }
  }
}

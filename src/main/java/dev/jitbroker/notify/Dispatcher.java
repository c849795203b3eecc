package dev.jitbroker.notify;

import dev.jitbroker.logging.LogContext;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.jboss.logging.Logger;

/**
 * Delivers due notifications. Each one is claimed in a short transaction of its own (SKIP LOCKED, so
 * any number of replicas share the work) that moves its next attempt past a lease; it is sent with no
 * transaction or lock held; and the outcome commits in a second transaction, only if the claim is still
 * ours. A crash between the two leaves the row pending: it is claimed again once the lease has passed,
 * and the receiver may see it twice, with the same id (at-least-once).
 */
@ApplicationScoped
@Startup
public class Dispatcher {

  private static final Logger LOG = Logger.getLogger(Dispatcher.class);

  private final OutboxStore store;
  private final Channels channels;
  private final NotifyConfig config;
  private final Clock clock;
  private final Duration lease;

  Dispatcher(OutboxStore store, Channels channels, NotifyConfig config, Clock clock) {
    this.store = store;
    this.channels = channels;
    this.config = config;
    this.clock = clock;
    this.lease = lease(config.lease(), config.timeout());
  }

  /** Claims and delivers the next due notification; false when none is due. */
  public boolean deliverNext() {
    Instant now = clock.instant();
    List<Notification> claimed = store.claim(now, now.plus(lease()), 1);
    if (claimed.isEmpty()) {
      return false;
    }
    Notification n = claimed.get(0);
    try (LogContext.Scope request = LogContext.put(LogContext.ACCESS_REQUEST_ID, String.valueOf(n.requestId()));
        LogContext.Scope notification = LogContext.put(LogContext.NOTIFICATION_ID, String.valueOf(n.id()))) {
      deliver(n);
    }
    return true;
  }

  /** Longer than one delivery can take, so a live claim is never taken over. */
  Duration lease() {
    return lease;
  }

  /**
   * The configured lease, or twice the timeout plus 30 seconds.
   *
   * @throws IllegalStateException when the configured lease is not longer than the timeout (stops the service)
   */
  static Duration lease(Optional<Duration> configured, Duration timeout) {
    Duration lease = configured.orElse(timeout.multipliedBy(2).plusSeconds(30));
    if (lease.compareTo(timeout) <= 0) {
      throw new IllegalStateException("jit.notify.lease (" + lease + ") must be longer than jit.notify.timeout ("
          + timeout + "), or a delivery still under way could be sent again");
    }
    return lease;
  }

  private void deliver(Notification n) {
    Optional<Channel> channel = channels.named(n.channel());
    if (channel.isEmpty()) {
      store.dead(n, "No channel named '" + n.channel() + "' is configured; add jit.notify.channels." + n.channel()
          + ".* or change the policy rule's outcome.notify, then replay.");
      LOG.warnf("Notification %s of request %s names channel '%s', which is not configured", n.id(), n.requestId(),
          n.channel());
      return;
    }
    try {
      Posted posted = channel.get().deliver(n);
      store.delivered(n, clock.instant(), posted);
    } catch (DeliveryFailure f) {
      failed(n, f.getMessage(), f.transient_(), f.retryAfter());
    } catch (RuntimeException e) {
      // A bug in a channel must not wedge the dispatcher on one row: it counts as a transient failure.
      LOG.warnf(e, "Delivering notification %s failed unexpectedly", n.id());
      failed(n, "Delivery failed unexpectedly: " + e.getClass().getSimpleName(), true, null);
    }
  }

  private void failed(Notification n, String error, boolean transientFailure, Duration retryAfter) {
    Instant now = clock.instant();
    Instant giveUp = n.triesSince().plus(config.giveUpAfter());
    if (!transientFailure) {
      store.dead(n, error);
      LOG.warnf("Notification %s of request %s to channel '%s' is dead: %s", n.id(), n.requestId(), n.channel(), error);
    } else if (!now.isBefore(giveUp)) {
      String diagnosis = error + " Gave up after " + n.attempts() + " attempt(s) over " + config.giveUpAfter() + ".";
      store.dead(n, diagnosis);
      LOG.warnf("Notification %s of request %s to channel '%s' is dead: %s", n.id(), n.requestId(), n.channel(), diagnosis);
    } else {
      store.retry(n, now.plus(backoff(n.attempts(), retryAfter)), error);
    }
  }

  /** Exponential backoff with jitter, at least what the receiver asked for, at most the configured maximum. */
  Duration backoff(int attempts, Duration retryAfter) {
    long base = config.backoffBase().toMillis() << Math.min(Math.max(attempts - 1, 0), 20);
    long capped = Math.min(base, config.backoffMax().toMillis());
    long jittered = capped / 2 + ThreadLocalRandom.current().nextLong(capped / 2 + 1);
    Duration d = Duration.ofMillis(jittered);
    return retryAfter != null && retryAfter.compareTo(d) > 0 ? retryAfter : d;
  }
}

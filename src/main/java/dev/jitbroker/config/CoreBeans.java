package dev.jitbroker.config;

import dev.jitbroker.request.Granting;
import dev.jitbroker.request.LifecycleSettings;
import dev.jitbroker.request.Reconciling;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;

/** Gives the framework-free core what it needs from configuration and the platform. */
@ApplicationScoped
public class CoreBeans {

  /** Wall-clock time, in microseconds: the precision Postgres stores, so what is written reads back equal. */
  @Produces
  @Singleton
  Clock clock() {
    return Clock.tick(Clock.systemUTC(), Duration.ofNanos(1_000));
  }

  @Produces
  @Singleton
  Granting.RetryPolicy grantRetry(JitConfig config) {
    JitConfig.Grants g = config.grants();
    return new Granting.RetryPolicy(g.maxAttempts(), g.backoffBase(), g.backoffMax());
  }

  @Produces
  @Singleton
  Reconciling.Settings reconcilerSettings(JitConfig config) {
    return new Reconciling.Settings(config.grants().reconcileLookBack(), config.grants().reconcileGrace());
  }

  @Produces
  @Singleton
  LifecycleSettings lifecycleSettings(JitConfig config) {
    JitConfig.Requests r = config.requests();
    return new LifecycleSettings(r.maxDuration(), r.pendingTimeout(), r.minDuration());
  }
}

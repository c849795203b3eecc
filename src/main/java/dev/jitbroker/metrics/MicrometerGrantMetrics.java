package dev.jitbroker.metrics;

import dev.jitbroker.grant.ExternalCall;
import dev.jitbroker.request.GrantMetrics;
import dev.jitbroker.request.GrantType;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;

/**
 * The workers' figures in Prometheus format at {@code /q/metrics}: grant latency and revocation lag
 * as histograms (so a dashboard can take p50/p99 across replicas), failures, and ARM calls by status.
 * Outcomes are counted when their transaction commits.
 */
@ApplicationScoped
public class MicrometerGrantMetrics implements GrantMetrics {

  private final MeterRegistry registry;
  private final AfterCommit afterCommit;

  MicrometerGrantMetrics(MeterRegistry registry, AfterCommit afterCommit) {
    this.registry = registry;
    this.afterCommit = afterCommit;
  }

  @Override
  public void granted(GrantType type, Duration latency) {
    afterCommit.run(() -> Timer.builder("jit.grant.latency")
        .description("From approval to access existing in Azure")
        .tag("grant_type", type.wireName())
        .publishPercentileHistogram()
        .register(registry)
        .record(positive(latency)));
  }

  @Override
  public void failed(GrantType type) {
    afterCommit.run(() -> Counter.builder("jit.grant.failures").description("Grants that failed for good")
        .tag("grant_type", type.wireName()).register(registry).increment());
  }

  @Override
  public void removed(GrantType type, boolean revoked, Duration lag) {
    afterCommit.run(() -> Timer.builder("jit.revocation.lag")
        .description("From when access was due to end (its end time, or the revoke) to Azure confirming it is gone")
        .tag("grant_type", type.wireName())
        .tag("reason", revoked ? "revoked" : "expired")
        .publishPercentileHistogram()
        .register(registry)
        .record(positive(lag)));
  }

  // Counted as the call returns (every attempt, 429s included), whether or not the work around it commits.
  @Override
  public void called(ExternalCall call) {
    Counter.builder("jit.arm.calls").description("Calls to Azure Resource Manager by method and status (0: no answer)")
        .tag("method", call.method())
        .tag("status", Integer.toString(call.status()))
        .register(registry).increment();
  }

  // The workers' clock and the database's may disagree by a little; a lag is never negative.
  private static Duration positive(Duration d) {
    return d.isNegative() ? Duration.ZERO : d;
  }
}

package dev.jitbroker.metrics;

import dev.jitbroker.request.DecisionMetrics;
import dev.jitbroker.request.GrantType;
import dev.jitbroker.request.RequestState;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Locale;

/**
 * Routing and decisions in Prometheus format at {@code /q/metrics}: policy decisions by outcome, and the
 * time from submit to decision as a histogram. Counted when the change commits.
 */
@ApplicationScoped
public class MicrometerDecisionMetrics implements DecisionMetrics {

  private final MeterRegistry registry;
  private final AfterCommit afterCommit;

  MicrometerDecisionMetrics(MeterRegistry registry, AfterCommit afterCommit) {
    this.registry = registry;
    this.afterCommit = afterCommit;
  }

  @Override
  public void routed(GrantType type, Route route) {
    afterCommit.run(() -> Counter.builder("jit.policy.decisions")
        .description("Requests the policy routed, by outcome: auto (approved at once), approval (sent to approvers), deny")
        .tag("outcome", route.word())
        .tag("grant_type", type.wireName())
        .register(registry).increment());
  }

  @Override
  public void decided(RequestState outcome, String channel, Duration sinceSubmit) {
    afterCommit.run(() -> Timer.builder("jit.request.decision.time")
        .description("From submit to the decision (approved or denied), by outcome and where the decision came from")
        .tag("outcome", outcome.name().toLowerCase(Locale.ROOT))
        .tag("via", channel)
        .publishPercentileHistogram()
        .register(registry)
        .record(sinceSubmit.isNegative() ? Duration.ZERO : sinceSubmit));
  }
}

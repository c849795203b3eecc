package dev.jitbroker.request;

import java.time.Duration;

/**
 * What the lifecycle reports about routing and decisions, for monitoring; an adapter publishes it as
 * metrics once the change commits.
 */
public interface DecisionMetrics {

  /** How the policy routed a request that was stored: approved at once, sent to approvers, or refused. */
  enum Route {
    AUTO,
    APPROVAL,
    DENY;

    /** The name in metrics: {@code auto}, {@code approval}, {@code deny}. */
    public String word() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** The policy routed a newly stored request. */
  void routed(GrantType type, Route route);

  /**
   * A request was decided: {@code outcome} is {@code APPROVED} or {@code DENIED}, {@code channel} where the
   * deciding word came from ({@code policy} when the policy approved or refused it at once), and
   * {@code sinceSubmit} the time from submit to the decision.
   */
  void decided(RequestState outcome, String channel, Duration sinceSubmit);
}

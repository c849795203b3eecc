package dev.jitbroker.request;

import dev.jitbroker.policy.DecisionChannel;
import java.util.Objects;

/**
 * Where a decision came from, for the policy's check and the audit trail.
 *
 * @param channel the kind of path the rule must allow
 * @param source which integration within it (e.g. {@code slack}, or a webhook integration's name), or null for the API
 */
public record DecidedVia(DecisionChannel channel, String source) {

  /** A signed-in approver calling the REST API. */
  public static final DecidedVia API = new DecidedVia(DecisionChannel.API, null);

  public DecidedVia {
    Objects.requireNonNull(channel, "channel");
  }
}

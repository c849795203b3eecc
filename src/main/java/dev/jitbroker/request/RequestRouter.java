package dev.jitbroker.request;

import dev.jitbroker.policy.PolicySource;
import dev.jitbroker.policy.RequestFacts;
import dev.jitbroker.policy.Requester;
import dev.jitbroker.policy.Routing;
import dev.jitbroker.policy.Violation;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;

/** Asks the active policy what to do with a request: the same answer for a dry run and a real submit. */
@ApplicationScoped
public class RequestRouter {

  /** The policy's answer, and the version that gave it. */
  public record Routed(int policyVersion, Routing routing) {}

  private final PolicySource policies;

  RequestRouter(PolicySource policies) {
    this.policies = policies;
  }

  /** Routes {@code submission} by {@code requester} at {@code now} under the active policy. */
  public Routed route(Requester requester, Submission submission, Instant now) {
    PolicySource.PolicyVersion active = policies.active();
    RequestFacts facts = new RequestFacts(
        submission.scope().armId(),
        submission.role().value(),
        submission.grantType().wireName(),
        requester,
        submission.principal().value(),
        submission.duration(),
        submission.justification().text(),
        submission.ticket() == null ? null : submission.ticket().value());
    return new Routed(active.number(), active.policy().route(facts, now));
  }

  /** The violations of a routing that refused the input, as field errors; empty otherwise. */
  static List<InvalidRequestException.FieldError> violations(Routing routing) {
    if (routing instanceof Routing.ConstraintsNotMet c) {
      return c.violations().stream()
          .map((Violation v) -> new InvalidRequestException.FieldError(v.field(), v.message()))
          .toList();
    }
    return List.of();
  }

  /** The requester as the policy sees them. */
  static Requester requester(Actor actor) {
    return new Requester(actor.id(), actor.groups());
  }
}

package dev.jitbroker.api;

import dev.jitbroker.persistence.PolicyStore;
import dev.jitbroker.policy.ApprovalRule;
import dev.jitbroker.policy.ApproverSet;
import dev.jitbroker.policy.EligibleRule;
import dev.jitbroker.policy.Routing;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** The JSON shapes of the policy endpoints. */
final class PolicyWire {
  private PolicyWire() {}

  record PolicyView(int version, String hash, String source, Instant createdAt, String createdBy, String document) {
    static PolicyView of(PolicyStore.StoredPolicy p) {
      return new PolicyView(p.version().number(), p.version().hash(), p.source(), p.createdAt(), p.createdBy(),
          p.version().policy().text());
    }
  }

  /** The body of a dry run: a would-be request, and for admins whom it is for. */
  record EvaluationRequest(
      String scope,
      String role,
      String duration,
      String justification,
      String ticket,
      String principalId,
      String grantType,
      Wire.NetworkBody network,
      RequesterBody requester) {

    dev.jitbroker.request.Submission.Raw raw() {
      return new Wire.NewAccessRequest(scope, role, duration, justification, ticket, principalId, grantType, network).raw();
    }
  }

  record RequesterBody(String id, List<String> groups) {}

  record ApproversView(List<String> users, List<String> groups, List<String> roles) {
    static ApproversView of(ApproverSet s) {
      return new ApproversView(sorted(s.users()), sorted(s.groups()), sorted(s.roles()));
    }
  }

  record EscalationView(String after, ApproversView approvers) {}

  record ApprovalView(
      ApproversView approvers, int quorum, boolean denyEndsIt, String timeout, EscalationView escalation, List<String> decisions) {
    static ApprovalView of(ApprovalRule a) {
      return new ApprovalView(
          ApproversView.of(a.approvers()),
          a.quorum(),
          a.denyEndsIt(),
          text(a.timeout()),
          a.escalation() == null ? null
              : new EscalationView(a.escalation().after().toString(), ApproversView.of(a.escalation().approvers())),
          // In the fixed order api, chat, webhook.
          java.util.Arrays.stream(dev.jitbroker.policy.DecisionChannel.values())
              .filter(a::allows).map(dev.jitbroker.policy.DecisionChannel::word).toList());
    }
  }

  record ViolationView(String field, String message) {}

  record EvaluationView(
      String outcome,
      int policyVersion,
      String rule,
      String maxDuration,
      String message,
      ApprovalView approval,
      List<ViolationView> violations) {

    static EvaluationView of(int version, Routing routing) {
      if (routing instanceof Routing.AutoApprove a) {
        return new EvaluationView("auto", version, a.rule(), text(a.maxDuration()), null, null, List.of());
      }
      if (routing instanceof Routing.NeedsApproval n) {
        return new EvaluationView("approval", version, n.rule(), text(n.maxDuration()), null,
            ApprovalView.of(n.approval()), List.of());
      }
      if (routing instanceof Routing.Deny d) {
        return new EvaluationView("deny", version, d.rule(), null, d.message(), null, List.of());
      }
      Routing.ConstraintsNotMet c = (Routing.ConstraintsNotMet) routing;
      return new EvaluationView("constraints-not-met", version, c.rule(), null, null, null,
          c.violations().stream().map(v -> new ViolationView(v.field(), v.message())).toList());
    }
  }

  record EligibleRuleView(
      String rule,
      List<String> scopes,
      List<String> roles,
      List<String> grantTypes,
      String outcome,
      String maxDuration,
      ApprovalView approval,
      String window) {
    static EligibleRuleView of(EligibleRule r) {
      return new EligibleRuleView(r.rule(), r.scopes(), r.roles(), r.grantTypes(), r.outcome(), text(r.maxDuration()),
          r.approval() == null ? null : ApprovalView.of(r.approval()), r.window());
    }
  }

  record EligibilityView(int policyVersion, List<EligibleRuleView> rules) {}

  private static String text(Duration d) {
    return d == null ? null : d.toString();
  }

  private static List<String> sorted(Set<String> values) {
    return List.copyOf(new TreeSet<>(values));
  }
}

package dev.jitbroker.api;

import dev.jitbroker.auth.CallerIdentity;
import dev.jitbroker.persistence.PolicyStore;
import dev.jitbroker.policy.InvalidPolicyException;
import dev.jitbroker.policy.Policy;
import dev.jitbroker.policy.PolicyError;
import dev.jitbroker.policy.Requester;
import dev.jitbroker.request.Actor;
import dev.jitbroker.request.InvalidRequestException;
import dev.jitbroker.request.RequestLifecycle;
import dev.jitbroker.request.Submission;
import io.quarkus.security.Authenticated;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Set;

/** API v1: the routing policy, dry runs and eligibility. */
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
public class PolicyResource {

  private final PolicyStore store;
  private final RequestLifecycle lifecycle;
  private final CallerIdentity caller;

  PolicyResource(PolicyStore store, RequestLifecycle lifecycle, CallerIdentity caller) {
    this.store = store;
    this.lifecycle = lifecycle;
    this.caller = caller;
  }

  @GET
  @Path("policy")
  @RolesAllowed({"admin", "auditor"})
  public PolicyWire.PolicyView get() {
    return PolicyWire.PolicyView.of(store.activeStored());
  }

  @PUT
  @Path("policy")
  @RolesAllowed("admin")
  @Consumes({"application/yaml", "text/yaml", MediaType.TEXT_PLAIN})
  public PolicyWire.PolicyView replace(String document) {
    if (document == null || document.isBlank()) {
      throw new InvalidRequestException("body", "is required: the policy document as YAML");
    }
    Policy policy;
    try {
      policy = Policy.parse(document);
    } catch (InvalidPolicyException e) {
      throw new InvalidRequestException(e.errors().stream()
          .map((PolicyError err) -> new InvalidRequestException.FieldError("line " + err.line(), err.message()))
          .toList());
    }
    store.store(policy, "api", caller.actor());
    return PolicyWire.PolicyView.of(store.refresh().orElseThrow());
  }

  @POST
  @Path("policy/evaluate")
  @Authenticated
  @Consumes(MediaType.APPLICATION_JSON)
  public PolicyWire.EvaluationView evaluate(PolicyWire.EvaluationRequest body) {
    if (body == null) {
      throw new InvalidRequestException("body", "is required: a would-be access request");
    }
    Actor me = caller.actor();
    Actor onBehalfOf = null;
    if (body.requester() != null) {
      if (!me.has(dev.jitbroker.request.Role.ADMIN)) {
        throw new dev.jitbroker.request.ActionNotAllowedException(
            "Only admins may evaluate requests on behalf of someone else; leave out 'requester' to ask about your own.");
      }
      String id = Params.text("requester.id", body.requester().id());
      if (id == null || id.isBlank()) {
        throw new InvalidRequestException("requester.id", "is required when 'requester' is given");
      }
      List<String> groups = body.requester().groups() == null ? List.of() : body.requester().groups();
      for (String group : groups) {
        if (group == null || group.isBlank()) {
          throw new InvalidRequestException("requester.groups", "must hold group ids, not null or blank entries");
        }
        Params.text("requester.groups", group);
      }
      onBehalfOf = new Actor(id, null, Set.of(), Set.copyOf(groups));
    }
    RequestLifecycle.Evaluation evaluation = lifecycle.evaluate(me,
        body.raw(),
        onBehalfOf);
    return PolicyWire.EvaluationView.of(evaluation.policyVersion(), evaluation.routing());
  }

  @GET
  @Path("eligibility")
  @Authenticated
  public PolicyWire.EligibilityView eligibility() {
    Actor me = caller.actor();
    var active = store.active();
    return new PolicyWire.EligibilityView(active.number(),
        active.policy().eligibleFor(new Requester(me.id(), me.groups())).stream()
            .map(PolicyWire.EligibleRuleView::of).toList());
  }
}

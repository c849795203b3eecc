package dev.jitbroker.api;

import dev.jitbroker.hooks.HookRefusal;
import dev.jitbroker.hooks.SlackInteractions;
import dev.jitbroker.hooks.WebhookDecisions;
import dev.jitbroker.request.AccessRequest;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.io.IOException;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Decisions from outside the API, without a bearer token: each callback is authenticated by its signature
 * (Standard Webhooks per integration, or Slack's signing secret). The raw body is read, since the signature
 * covers its exact bytes.
 */
@Path("/hooks")
@Blocking
public class HooksResource {

  /** The header a caller of {@code /hooks/decisions} names its integration in. */
  static final String INTEGRATION = "Jit-Integration";

  private final WebhookDecisions webhooks;
  private final SlackInteractions slack;

  HooksResource(WebhookDecisions webhooks, SlackInteractions slack) {
    this.webhooks = webhooks;
    this.slack = slack;
  }

  @POST
  @Path("decisions")
  @Consumes(MediaType.WILDCARD)
  @Produces(MediaType.APPLICATION_JSON)
  public HookDecisionView decision(
      @HeaderParam(INTEGRATION) String integration,
      @HeaderParam("webhook-id") String id,
      @HeaderParam("webhook-timestamp") String timestamp,
      @HeaderParam("webhook-signature") String signature,
      byte[] body) throws IOException {
    AccessRequest request = webhooks.take(integration, id, timestamp, signature, body == null ? new byte[0] : body);
    return HookDecisionView.of(request);
  }

  @POST
  @Path("slack/interactions")
  @Consumes(MediaType.WILDCARD)
  public Response slackInteraction(
      @HeaderParam("X-Slack-Request-Timestamp") String timestamp,
      @HeaderParam("X-Slack-Signature") String signature,
      byte[] body) throws IOException {
    slack.take(timestamp, signature, body == null ? new byte[0] : body);
    // Slack wants an empty 200 at once; the message is updated through its response_url.
    return Response.ok().build();
  }

  /** What a signed decision did: the request's state after it. */
  public record HookDecisionView(java.util.UUID requestId, String state, int approvals, Integer requiredApprovals) {
    static HookDecisionView of(AccessRequest r) {
      int approvals = (int) r.approvals().stream().filter(a -> a.decision() == dev.jitbroker.request.Decision.APPROVE).count();
      return new HookDecisionView(r.id(), r.state().name(), approvals, r.requiredApprovals());
    }
  }

  @ServerExceptionMapper
  public Response refused(HookRefusal e, UriInfo uri) {
    if (e.reason().status() == 401) {
      return Problem.of("hook-" + e.reason().code(), "Callback not authenticated", 401, e.getMessage())
          .at(uri.getPath()).toResponse();
    }
    String slug = e.reason() == HookRefusal.Reason.UNKNOWN_APPROVER ? "hook-unknown-approver" : "forbidden";
    return Problem.of(slug, "Not allowed", 403, e.getMessage()).at(uri.getPath()).toResponse();
  }
}

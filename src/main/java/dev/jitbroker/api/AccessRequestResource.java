package dev.jitbroker.api;

import dev.jitbroker.audit.AuditFilter;
import dev.jitbroker.audit.AuditReader;
import dev.jitbroker.auth.CallerIdentity;
import dev.jitbroker.request.AccessRequest;
import dev.jitbroker.request.Comment;
import dev.jitbroker.request.Decision;
import dev.jitbroker.request.InvalidRequestException;
import dev.jitbroker.request.RequestCursor;
import dev.jitbroker.request.RequestLifecycle;
import dev.jitbroker.request.RequestPage;
import dev.jitbroker.request.RequestState;
import dev.jitbroker.request.Submission;
import io.quarkus.security.Authenticated;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/** API v1: access requests. */
@Path("/api/v1/access-requests")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class AccessRequestResource {

  private final RequestLifecycle lifecycle;
  private final CallerIdentity caller;
  private final AuditReader auditReader;

  AccessRequestResource(RequestLifecycle lifecycle, CallerIdentity caller, AuditReader auditReader) {
    this.lifecycle = lifecycle;
    this.caller = caller;
    this.auditReader = auditReader;
  }

  @POST
  public Response submit(@HeaderParam("Idempotency-Key") String idempotencyKey, Wire.NewAccessRequest body) {
    if (body == null) {
      throw new InvalidRequestException("body", "is required: a JSON object with scope, role, duration and justification");
    }
    RequestLifecycle.Submitted submitted = lifecycle.submit(
        caller.actor(),
        body.raw(),
        idempotencyKey);
    AccessRequest r = submitted.request();
    return Response.status(submitted.created() ? Response.Status.CREATED : Response.Status.OK)
        .location(URI.create("/api/v1/access-requests/" + r.id()))
        .entity(Wire.AccessRequestView.of(r))
        .build();
  }

  @POST
  @Path("{id}/extend")
  public Response extend(
      @PathParam("id") String id, @HeaderParam("Idempotency-Key") String idempotencyKey, Wire.ExtensionBody body) {
    if (body == null) {
      throw new InvalidRequestException("body", "is required: a JSON object with duration and justification");
    }
    RequestLifecycle.Submitted submitted =
        lifecycle.extend(caller.actor(), id, body.duration(), body.justification(), idempotencyKey);
    AccessRequest r = submitted.request();
    return Response.status(submitted.created() ? Response.Status.CREATED : Response.Status.OK)
        .location(URI.create("/api/v1/access-requests/" + r.id()))
        .entity(Wire.AccessRequestView.of(r))
        .build();
  }

  @GET
  public Wire.AccessRequestPage list(
      @QueryParam("state") String state,
      @QueryParam("requester") String requester,
      @QueryParam("limit") String limit,
      @QueryParam("cursor") String cursor,
      @QueryParam("awaiting") String awaiting) {
    RequestPage page;
    if (awaiting != null) {
      if (!"me".equals(awaiting)) {
        throw new InvalidRequestException("awaiting", "must be 'me'");
      }
      if (state != null || requester != null) {
        throw new InvalidRequestException("awaiting", "cannot be combined with 'state' or 'requester'");
      }
      page = lifecycle.awaiting(caller.actor(), cursor == null ? null : RequestCursor.decode(cursor),
          Params.integer("limit", limit));
    } else {
      page = lifecycle.list(
        caller.actor(),
        state == null ? null : parseState(state),
        Params.text("requester", requester),
        cursor == null ? null : RequestCursor.decode(cursor),
        Params.integer("limit", limit));
    }
    return new Wire.AccessRequestPage(
        page.items().stream().map(Wire.AccessRequestView::of).toList(),
        page.next() == null ? null : page.next().encode());
  }

  @GET
  @Path("{id}")
  public Wire.AccessRequestView get(@PathParam("id") String id) {
    return Wire.AccessRequestView.of(lifecycle.get(caller.actor(), id));
  }

  /** The audit trail of one request, oldest first, for whoever may see the request. */
  @GET
  @Path("{id}/audit")
  public List<Wire.AuditEventView> audit(@PathParam("id") String id) throws SQLException {
    UUID requestId = lifecycle.get(caller.actor(), id).id();
    return auditReader.page(AuditFilter.forRequest(requestId), AuditReader.Position.START, Integer.MAX_VALUE).stream()
        .map(Wire.AuditEventView::of).toList();
  }

  @POST
  @Path("{id}/approve")
  public Wire.AccessRequestView approve(@PathParam("id") String id, Wire.DecisionBody body) {
    return Wire.AccessRequestView.of(lifecycle.decide(caller.actor(), id, Decision.APPROVE, comment(body)));
  }

  @POST
  @Path("{id}/deny")
  public Wire.AccessRequestView deny(@PathParam("id") String id, Wire.DecisionBody body) {
    return Wire.AccessRequestView.of(lifecycle.decide(caller.actor(), id, Decision.DENY, comment(body)));
  }

  @POST
  @Path("{id}/cancel")
  public Wire.AccessRequestView cancel(@PathParam("id") String id, Wire.DecisionBody body) {
    return Wire.AccessRequestView.of(lifecycle.cancel(caller.actor(), id, comment(body)));
  }

  @POST
  @Path("{id}/revoke")
  public Wire.AccessRequestView revoke(@PathParam("id") String id, Wire.DecisionBody body) {
    return Wire.AccessRequestView.of(lifecycle.revoke(caller.actor(), id, comment(body)));
  }

  private static Comment comment(Wire.DecisionBody body) {
    try {
      return Comment.of(body == null ? null : body.comment());
    } catch (IllegalArgumentException e) {
      throw new InvalidRequestException("comment", e.getMessage());
    }
  }

  private static RequestState parseState(String text) {
    try {
      return RequestState.valueOf(text);
    } catch (IllegalArgumentException e) {
      throw new InvalidRequestException("state", "must be one of " + Arrays.toString(RequestState.values()));
    }
  }
}

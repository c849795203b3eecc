package dev.jitbroker.api;

import dev.jitbroker.notify.Notification;
import dev.jitbroker.notify.NotificationState;
import dev.jitbroker.notify.OutboxStore;
import dev.jitbroker.request.InvalidRequestException;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/** API v1: the notification outbox, for admins: what is stuck (DEAD) and sending it again. */
@Path("/api/v1/notifications")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed("admin")
public class NotificationResource {

  static final int DEFAULT_LIMIT = 50;
  static final int MAX_LIMIT = 200;

  private final OutboxStore store;
  private final Clock clock;

  NotificationResource(OutboxStore store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  @GET
  public NotificationPage list(@QueryParam("state") String state, @QueryParam("limit") String limit) {
    Integer size = Params.integer("limit", limit);
    if (size == null) {
      size = DEFAULT_LIMIT;
    }
    if (size < 1 || size > MAX_LIMIT) {
      throw new InvalidRequestException("limit", "must be between 1 and " + MAX_LIMIT);
    }
    return new NotificationPage(store.list(state(state), size).stream().map(NotificationView::of).toList());
  }

  @POST
  @Path("{id}/replay")
  public Response replay(@PathParam("id") String id, @Context UriInfo uri) {
    Optional<UUID> uuid = uuid(id);
    Optional<Notification> replayed;
    try {
      replayed = uuid.isEmpty() ? Optional.empty() : store.replay(uuid.get(), clock.instant());
    } catch (IllegalStateException e) {
      return Problem.of("invalid-state", "Not possible in the notification's current state", Response.Status.CONFLICT,
          "Notification " + id + " is still pending: the dispatcher is sending it. Replay a DEAD or DELIVERED one.")
          .at(uri.getPath()).toResponse();
    }
    if (replayed.isEmpty()) {
      return Problem.of("not-found", "Not found", Response.Status.NOT_FOUND, "Notification " + id + " does not exist.")
          .at(uri.getPath()).toResponse();
    }
    return Response.ok(NotificationView.of(replayed.get())).build();
  }

  private static NotificationState state(String text) {
    if (text == null) {
      return null;
    }
    try {
      return NotificationState.valueOf(text.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new InvalidRequestException("state", "must be PENDING, DELIVERED or DEAD");
    }
  }

  private static Optional<UUID> uuid(String id) {
    try {
      UUID uuid = UUID.fromString(id);
      return uuid.toString().equalsIgnoreCase(id) ? Optional.of(uuid) : Optional.empty();
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** A page of notifications, newest first. */
  public record NotificationPage(List<NotificationView> items) {}

  /** A notification as admins see it (the message itself is not shown: it is the request's, readable there). */
  public record NotificationView(String id, String requestId, String event, String channel, String recipient,
      String state, int attempts, Instant nextAttemptAt, String lastError, Instant dueAt, Instant createdAt,
      Instant deliveredAt, String postedChannel, String postedTs) {

    static NotificationView of(Notification n) {
      return new NotificationView(n.id().toString(), n.requestId().toString(), n.type().wire(), n.channel(),
          n.recipient(), n.state().name(), n.attempts(),
          n.state() == NotificationState.PENDING ? n.nextAttemptAt() : null, n.lastError(), n.dueAt(), n.createdAt(),
          n.deliveredAt(), n.postedChannel(), n.postedTs());
    }
  }
}

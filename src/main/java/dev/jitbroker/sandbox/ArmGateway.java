package dev.jitbroker.sandbox;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.jboss.logging.Logger;

/** ARM's front door: latency, injected failures (one-shot and at rates), bearer, api-version, write throttle and request ids, then the API. */
final class ArmGateway implements Handler<RoutingContext> {

  static final String REQUEST_ID = "x-ms-request-id";
  static final String CORRELATION_ID = "x-ms-correlation-request-id";
  static final String REMAINING_WRITES = "x-ms-ratelimit-remaining-subscription-writes";
  static final String JSON = "application/json; charset=utf-8";

  private static final Logger LOG = Logger.getLogger(ArmGateway.class);
  private static final Set<String> WRITES = Set.of("PUT", "DELETE", "POST", "PATCH");

  private final Vertx vertx;
  private final Emulator emulator;

  ArmGateway(Vertx vertx, Emulator emulator) {
    this.vertx = vertx;
    this.emulator = emulator;
  }

  @Override
  public void handle(RoutingContext ctx) {
    Faults.Draw draw = emulator.faults.draw();
    Duration latency = emulator.faults.latency().plus(draw.latency());
    if (latency.isZero()) {
      answer(ctx, draw);
    } else {
      vertx.setTimer(Math.max(1, latency.toMillis()), id -> answer(ctx, draw));
    }
  }

  /** Answers a request that failed before reaching the gateway (e.g. a body over the limit) as ARM would. */
  void fail(RoutingContext ctx) {
    int status = ctx.statusCode() >= 400 ? ctx.statusCode() : 500;
    if (status >= 500) {
      LOG.errorf(ctx.failure(), "ARM sandbox failed on %s %s", ctx.request().method(), ctx.request().path());
    }
    if (ctx.response().ended()) {
      return;
    }
    stamp(ctx);
    String code = status == 413 ? "RequestEntityTooLarge" : status < 500 ? "BadRequest" : "InternalServerError";
    error(ctx, new ArmError(status, code, "The request could not be processed (HTTP " + status + ")."));
  }

  private void answer(RoutingContext ctx, Faults.Draw draw) {
    HttpServerRequest request = ctx.request();
    if (emulator.faults.takeTimeout()) {
      // Never answered: the caller's response timeout ends the call; the connection is dropped later.
      emulator.calls.record(request.method().name(), Faults.TIMEOUT);
      vertx.setTimer(Faults.HOLD.toMillis(), id -> request.connection().close());
      return;
    }
    stamp(ctx);
    try {
      ArmReply reply = process(ctx, draw);
      reply.headers().forEach((name, value) -> ctx.response().putHeader(name, absolute(request, value)));
      send(ctx, reply.status(), reply.body().map(ArmJson::bytes));
    } catch (ArmError e) {
      error(ctx, e);
    } catch (RuntimeException e) {
      LOG.errorf(e, "ARM sandbox failed on %s %s", request.method(), request.path());
      error(ctx, Faults.failure(500));
    }
  }

  /** A path on this sandbox as the absolute URL ARM sends in Location and Azure-AsyncOperation; anything else as it is. */
  private static String absolute(HttpServerRequest request, String value) {
    String host = request.getHeader("Host");
    return value.startsWith("/") ? "https://" + (host == null ? "localhost" : host) + value : value;
  }

  /** ARM's request ids: a fresh request id, and the caller's correlation id echoed (or a fresh one). */
  private static void stamp(RoutingContext ctx) {
    String correlation = ctx.request().getHeader(CORRELATION_ID);
    ctx.response()
        .putHeader(REQUEST_ID, UUID.randomUUID().toString())
        .putHeader(CORRELATION_ID, correlation == null || correlation.isBlank() ? UUID.randomUUID().toString() : correlation);
  }

  private ArmReply process(RoutingContext ctx, Faults.Draw draw) {
    HttpServerRequest request = ctx.request();
    String method = request.method().name();
    OptionalInt failure = emulator.faults.takeFailure();
    if (failure.isPresent()) {
      throw Faults.failure(failure.getAsInt());
    }
    if (draw.failure().isPresent()) {
      throw draw.failure().get();
    }
    Optional<String> token = BearerToken.from(request.getHeader("Authorization"));
    if (token.isEmpty()) {
      throw new ArmError(401, "AuthenticationFailed", "Authentication failed. The 'Authorization' header is missing.");
    }
    QueryString query = QueryString.parse(request.query());
    String normalized = ArmPath.normalize(request.path());
    SandboxApi api = emulator.apis.stream().filter(a -> a.serves(normalized)).findFirst()
        .orElseThrow(() -> ArmError.notFound("InvalidResourceType", "The ARM sandbox does not serve '" + normalized
            + "'. It serves the calls jit-broker makes: Microsoft.Authorization, Microsoft.Solutions and Microsoft.Security."));
    String version = query.get("api-version").filter(v -> !v.isBlank()).orElseThrow(() -> ArmError.badRequest(
        "MissingApiVersionParameter", "The api-version query parameter (?api-version=) is required for all requests."));
    if (!api.apiVersions().contains(version)) {
      throw ArmError.badRequest("InvalidApiVersionParameter", "The api-version '" + version
          + "' is invalid. The supported versions are '" + String.join(",", new TreeSet<>(api.apiVersions())) + "'.");
    }
    if (WRITES.contains(method)) {
      TokenBucket.Take take = emulator.throttle.take(request.path());
      ctx.response().putHeader(REMAINING_WRITES, Long.toString(take.remaining()));
      if (!take.granted()) {
        long seconds = take.retryAfter().toSeconds();
        throw new ArmError(429, "SubscriptionRequestsThrottled", "Number of 'write' requests for subscription '"
            + ArmPath.subscriptionOf(request.path()).orElse("") + "' exceeded. Please try again after '" + seconds
            + "' seconds after additional tokens are available. Refer to https://aka.ms/arm-throttling for additional information.",
            take.retryAfter());
      }
    }
    Buffer body = ctx.body().buffer();
    return api.handle(new ArmRequest(method, normalized, query, body == null ? new byte[0] : body.getBytes(),
        token.flatMap(BearerToken::objectId)));
  }

  private void error(RoutingContext ctx, ArmError e) {
    HttpServerResponse response = ctx.response();
    e.retryAfter().ifPresent(d -> response.putHeader("Retry-After", Long.toString(d.toSeconds())));
    if (e.status() == 401) {
      response.putHeader("WWW-Authenticate", "Bearer authorization_uri=\"https://login.microsoftonline.com/common\", "
          + "error=\"invalid_token\", error_description=\"The authentication failed because of missing 'Authorization' header.\"");
    }
    send(ctx, e.status(), Optional.of(ArmJson.bytes(ArmJson.error(e.code(), e.getMessage()))));
  }

  private void send(RoutingContext ctx, int status, Optional<byte[]> body) {
    HttpServerResponse response = ctx.response();
    String method = ctx.request().method().name();
    if (WRITES.contains(method) && !response.headers().contains(REMAINING_WRITES)) {
      // Writes refused before the throttle (401, injected faults) still report the budget, taking none of it.
      response.putHeader(REMAINING_WRITES, Long.toString(emulator.throttle.available(ctx.request().path())));
    }
    emulator.calls.record(method, status);
    if (WRITES.contains(method)) {
      emulator.calls.recordWrite(method, ArmPath.normalize(ctx.request().path()), status);
    }
    response.setStatusCode(status);
    if (body.isPresent()) {
      response.putHeader("Content-Type", JSON).end(Buffer.buffer(body.get()));
    } else {
      response.end();
    }
  }
}

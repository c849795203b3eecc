package dev.jitbroker.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.Optional;

/** Inspection and fault injection under {@code /sandbox}: not ARM, so no token or api-version, not counted or throttled. */
final class ControlApi {

  private final Emulator emulator;

  ControlApi(Emulator emulator) {
    this.emulator = emulator;
  }

  void mount(Router router) {
    router.get("/sandbox/role-assignments").handler(this::roleAssignments);
    router.get("/sandbox/calls").handler(this::calls);
    router.get("/sandbox/writes").handler(this::writes);
    router.post("/sandbox/fail-next").handler(this::failNext);
    router.post("/sandbox/latency").handler(this::latency);
    router.post("/sandbox/fault-rates").handler(this::setFaultRates);
    router.get("/sandbox/fault-rates").handler(this::faultRates);
    router.post("/sandbox/reset").handler(ctx -> {
      emulator.reset();
      ctx.response().setStatusCode(204).end();
    });
    StringBuilder more = new StringBuilder();
    for (SandboxApi api : emulator.apis) {
      api.mountControls(router);
      if (!api.controls().isEmpty()) {
        more.append(", ").append(api.controls());
      }
    }
    String known = "Sandbox controls: GET role-assignments, GET calls, GET writes, POST fail-next, POST latency, GET and POST fault-rates, POST reset" + more + ".";
    router.route("/sandbox/*").handler(ctx -> json(ctx, 404, ArmJson.error("NotFound", known)));
  }

  private void roleAssignments(RoutingContext ctx) {
    json(ctx, 200, ArmJson.list(emulator.state.roleAssignments().stream().map(ArmJson::assignment).toList()));
  }

  private void calls(RoutingContext ctx) {
    ObjectNode root = ArmJson.MAPPER.createObjectNode();
    ArrayNode calls = root.putArray("calls");
    emulator.calls.snapshot().forEach((call, count) ->
        calls.addObject().put("method", call.method()).put("status", call.status()).put("count", count));
    json(ctx, 200, root);
  }

  /** Every write answered, by path, method and status: {@code {"writes": [{"method", "path", "status", "count"}]}}. */
  private void writes(RoutingContext ctx) {
    ObjectNode root = ArmJson.MAPPER.createObjectNode();
    ArrayNode writes = root.putArray("writes");
    emulator.calls.writes().forEach((write, count) -> writes.addObject().put("method", write.method())
        .put("path", write.path()).put("status", write.status()).put("count", count));
    json(ctx, 200, root);
  }

  /**
   * {@code {"count": 2, "status": 503}}: the next two ARM calls answer 503 (also 403, 429, 500);
   * {@code "status": "timeout"}: they are never answered.
   */
  private void failNext(RoutingContext ctx) {
    Optional<JsonNode> body = body(ctx);
    int count = body.map(b -> b.path("count").asInt(-1)).orElse(-1);
    int status = body.map(b -> "timeout".equals(b.path("status").asText()) ? Faults.TIMEOUT : b.path("status").asInt(-1))
        .orElse(-1);
    try {
      emulator.faults.failNext(count, status);
      ctx.response().setStatusCode(204).end();
    } catch (IllegalArgumentException e) {
      json(ctx, 400, ArmJson.error("InvalidRequestContent", e.getMessage()));
    }
  }

  /** {@code {"latency": "PT0.25S"}}: every ARM call waits that long before it is answered. */
  private void latency(RoutingContext ctx) {
    try {
      Duration latency = body(ctx).map(b -> b.path("latency").asText(""))
          .filter(s -> !s.isEmpty())
          .map(Duration::parse)
          .orElseThrow(() -> new IllegalArgumentException("latency (an ISO-8601 duration) is required"));
      emulator.faults.latency(latency);
      ctx.response().setStatusCode(204).end();
    } catch (RuntimeException e) {
      json(ctx, 400, ArmJson.error("InvalidRequestContent", e.getMessage()));
    }
  }

  /**
   * {@code {"seed": 7, "errorRate": 0.3, "errorStatuses": [500, 503], "throttleRate": 0.02, "throttleBurst": 5,
   * "retryAfter": "PT1S", "slowRate": 0.05, "slowLatency": "PT5S"}}: faults at rates from now on, each
   * field optional (no fault at any rate by default); {@code {}} stops them.
   */
  private void setFaultRates(RoutingContext ctx) {
    try {
      JsonNode b = body(ctx).filter(JsonNode::isObject)
          .orElseThrow(() -> new IllegalArgumentException("the body must be a JSON object of fault rates"));
      FaultRates none = FaultRates.NONE;
      java.util.List<Integer> statuses = new java.util.ArrayList<>();
      if (b.has("errorStatuses")) {
        if (!b.get("errorStatuses").isArray()) {
          throw new IllegalArgumentException("errorStatuses must be an array of statuses");
        }
        b.get("errorStatuses").forEach(n -> statuses.add(n.isInt() ? n.asInt() : -1));
      } else {
        statuses.addAll(none.errorStatuses());
      }
      emulator.faults.rates(new FaultRates(
          b.has("seed") ? whole(b, "seed") : none.seed(),
          b.has("errorRate") ? number(b, "errorRate").doubleValue() : none.errorRate(),
          statuses,
          b.has("throttleRate") ? number(b, "throttleRate").doubleValue() : none.throttleRate(),
          b.has("throttleBurst") ? Math.toIntExact(whole(b, "throttleBurst")) : none.throttleBurst(),
          b.has("retryAfter") ? Duration.parse(b.get("retryAfter").asText()) : none.retryAfter(),
          b.has("slowRate") ? number(b, "slowRate").doubleValue() : none.slowRate(),
          b.has("slowLatency") ? Duration.parse(b.get("slowLatency").asText()) : none.slowLatency()));
      ctx.response().setStatusCode(204).end();
    } catch (RuntimeException e) {
      json(ctx, 400, ArmJson.error("InvalidRequestContent", e.getMessage()));
    }
  }

  /** The fault rates in force, and what they injected since they were set: {@code {"rates": {...}, "injected": {"500": 3, ...}}}. */
  private void faultRates(RoutingContext ctx) {
    FaultRates r = emulator.faults.rates();
    ObjectNode root = ArmJson.MAPPER.createObjectNode();
    ObjectNode rates = root.putObject("rates").put("seed", r.seed()).put("errorRate", r.errorRate());
    r.errorStatuses().forEach(rates.putArray("errorStatuses")::add);
    rates.put("throttleRate", r.throttleRate()).put("throttleBurst", r.throttleBurst())
        .put("retryAfter", r.retryAfter().toString()).put("slowRate", r.slowRate())
        .put("slowLatency", r.slowLatency().toString());
    ObjectNode injected = root.putObject("injected");
    emulator.faults.injected().forEach(injected::put);
    json(ctx, 200, root);
  }

  private static Number number(JsonNode body, String field) {
    JsonNode n = body.get(field);
    if (!n.isNumber()) {
      throw new IllegalArgumentException(field + " must be a number");
    }
    return n.numberValue();
  }

  private static long whole(JsonNode body, String field) {
    JsonNode n = body.get(field);
    if (!n.isIntegralNumber() || !n.canConvertToLong()) {
      throw new IllegalArgumentException(field + " must be a whole number");
    }
    return n.longValue();
  }

  static Optional<JsonNode> body(RoutingContext ctx) {
    Buffer buffer = ctx.body().buffer();
    return buffer == null ? Optional.empty() : ArmJson.parse(buffer.getBytes());
  }

  static void json(RoutingContext ctx, int status, JsonNode body) {
    ctx.response().setStatusCode(status).putHeader("Content-Type", ArmGateway.JSON)
        .end(Buffer.buffer(ArmJson.bytes(body)));
  }
}

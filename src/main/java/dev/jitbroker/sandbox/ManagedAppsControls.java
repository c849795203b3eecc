package dev.jitbroker.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/** Set-up and inspection of managed applications under {@code /sandbox/managed-apps}: the customer's side. */
final class ManagedAppsControls {

  static final String SUMMARY = "POST managed-apps/applications, GET managed-apps/jit-requests, "
      + "POST managed-apps/jit-requests/approve, POST managed-apps/jit-requests/deny, POST managed-apps/async-style";

  private final ManagedApps apps;

  ManagedAppsControls(ManagedApps apps) {
    this.apps = apps;
  }

  void mount(Router router) {
    router.post("/sandbox/managed-apps/applications").handler(this::create);
    router.get("/sandbox/managed-apps/jit-requests").handler(this::list);
    router.post("/sandbox/managed-apps/jit-requests/approve").handler(ctx -> decide(ctx, true));
    router.post("/sandbox/managed-apps/jit-requests/deny").handler(ctx -> decide(ctx, false));
    router.post("/sandbox/managed-apps/async-style").handler(this::asyncStyle);
  }

  /**
   * {@code {"id": "/subscriptions/.../applications/app", "jitAccessEnabled": true, "maximumJitAccessDuration": "PT8H",
   * "jitApprovalMode": "ManualApprove", "customerTenantHasP2": false, "provisioningTime": "PT1S"}}; all but id optional.
   */
  private void create(RoutingContext ctx) {
    try {
      JsonNode b = ControlApi.body(ctx).orElseThrow(() -> new IllegalArgumentException("a JSON body is required"));
      String id = Optional.ofNullable(b.get("id")).map(JsonNode::asText).map(ArmPath::normalize)
          .filter(i -> i.toLowerCase(Locale.ROOT).contains("/providers/microsoft.solutions/applications/"))
          .orElseThrow(() -> new IllegalArgumentException("id (a Microsoft.Solutions/applications resource id) is required"));
      ManagedApps.AppSpec d = ManagedApps.AppSpec.of(id);
      ManagedApps.AppSpec spec = new ManagedApps.AppSpec(id, b.path("location").asText(d.location()),
          b.path("jitAccessEnabled").asBoolean(d.jitEnabled()),
          Duration.parse(b.path("maximumJitAccessDuration").asText(d.maximumJitDuration().toString())),
          "ManualApprove".equalsIgnoreCase(b.path("jitApprovalMode").asText()) ? ManagedApps.Approval.MANUAL : ManagedApps.Approval.AUTO,
          b.path("customerTenantId").asText(d.customerTenantId()),
          b.path("customerTenantHasP2").asBoolean(d.tenantHasP2()),
          Duration.parse(b.path("provisioningTime").asText(d.provisioningTime().toString())));
      apps.createApplication(spec);
      ControlApi.json(ctx, 201, ManagedAppsJson.application(apps.app(id).orElseThrow(), apps.now()));
    } catch (RuntimeException e) {
      ControlApi.json(ctx, 400, ArmJson.error("InvalidRequestContent", e.getMessage()));
    }
  }

  private void list(RoutingContext ctx) {
    Instant now = apps.now();
    ControlApi.json(ctx, 200, ArmJson.list(apps.jitRequests().stream().map(r -> ManagedAppsJson.jitRequest(r, now)).toList()));
  }

  /** {@code {"id": "<jitRequest id>"}}: the customer approves or denies it; 409 unless it is pending. */
  private void decide(RoutingContext ctx, boolean approve) {
    String id = ControlApi.body(ctx).map(b -> b.path("id").asText("")).orElse("");
    if (apps.jitRequest(id).isEmpty()) {
      ControlApi.json(ctx, 404, ArmJson.error("ResourceNotFound", "No JIT request '" + id + "'."));
      return;
    }
    boolean done = approve ? apps.approve(id) : apps.deny(id);
    if (!done) {
      ControlApi.json(ctx, 409, ArmJson.error("Conflict", "The JIT request is not pending (it may still be provisioning)."));
      return;
    }
    ControlApi.json(ctx, 200, ManagedAppsJson.jitRequest(apps.jitRequest(id).orElseThrow(), apps.now()));
  }

  /** {@code {"style": "Azure-AsyncOperation"}} or {@code {"style": "Location"}}. */
  private void asyncStyle(RoutingContext ctx) {
    String style = ControlApi.body(ctx).map(b -> b.path("style").asText("")).orElse("");
    if ("Azure-AsyncOperation".equalsIgnoreCase(style)) {
      apps.asyncStyle(ManagedApps.AsyncStyle.AZURE_ASYNC_OPERATION);
    } else if ("Location".equalsIgnoreCase(style)) {
      apps.asyncStyle(ManagedApps.AsyncStyle.LOCATION);
    } else {
      ControlApi.json(ctx, 400, ArmJson.error("InvalidRequestContent", "style must be Azure-AsyncOperation or Location"));
      return;
    }
    ctx.response().setStatusCode(204).end();
  }
}

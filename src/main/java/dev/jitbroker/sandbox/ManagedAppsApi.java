package dev.jitbroker.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Microsoft.Solutions managed applications (GET, PATCH of the JIT access policy) and JIT requests (PUT,
 * GET, DELETE, list), api-version 2021-07-01, with their long-running operations. A tenant without
 * Entra ID P2 denies every JIT request, with no reason given, as Azure does.
 */
final class ManagedAppsApi implements SandboxApi {

  static final String API_VERSION = "2021-07-01";
  private static final String RETRY_AFTER_SECONDS = "1";
  private static final String RG = "^/subscriptions/([^/]+)/resourceGroups/([^/]+)/providers/Microsoft\\.Solutions/";
  private static final Pattern SERVED =
      Pattern.compile("^/subscriptions/[^/]+(/resourceGroups/[^/]+)?/providers/Microsoft\\.Solutions(/.*)?$", Pattern.CASE_INSENSITIVE);
  private static final Pattern APPLICATION = Pattern.compile(RG + "applications/([^/]+)$", Pattern.CASE_INSENSITIVE);
  private static final Pattern JIT_REQUEST = Pattern.compile(RG + "jitRequests/([^/]+)$", Pattern.CASE_INSENSITIVE);
  private static final Pattern JIT_LIST = Pattern.compile(
      "^(/subscriptions/[^/]+(?:/resourceGroups/[^/]+)?)/providers/Microsoft\\.Solutions/jitRequests$", Pattern.CASE_INSENSITIVE);
  private static final Pattern OPERATION = Pattern.compile(
      "^/subscriptions/[^/]+/providers/Microsoft\\.Solutions/locations/[^/]+/(operationStatuses|operationResults)/([^/]+)$",
      Pattern.CASE_INSENSITIVE);

  private final ManagedApps apps;

  ManagedAppsApi(ManagedApps apps) {
    this.apps = apps;
  }

  @Override
  public boolean serves(String path) {
    return SERVED.matcher(path).matches();
  }

  @Override
  public Set<String> apiVersions() {
    return Set.of(API_VERSION);
  }

  @Override
  public ArmReply handle(ArmRequest request) {
    if (apps.takeThrottle()) {
      throw new ArmError(429, "TooManyRequests", "The request was throttled by Microsoft.Solutions. Retry after "
          + RETRY_AFTER_SECONDS + " second.", Duration.ofSeconds(Long.parseLong(RETRY_AFTER_SECONDS)));
    }
    String path = request.path();
    Matcher app = APPLICATION.matcher(path);
    if (app.matches()) {
      return application(request, app.group(1), app.group(2), app.group(3));
    }
    Matcher jit = JIT_REQUEST.matcher(path);
    if (jit.matches()) {
      return jitRequest(request, jit.group(1), jit.group(2), jit.group(3));
    }
    Matcher list = JIT_LIST.matcher(path);
    if (list.matches() && "GET".equals(request.method())) {
      Instant now = now();
      return ArmReply.of(200, ArmJson.list(apps.under(list.group(1)).stream().map(r -> ManagedAppsJson.jitRequest(r, now)).toList()));
    }
    Matcher op = OPERATION.matcher(path);
    if (op.matches() && "GET".equals(request.method())) {
      return operation(op.group(1), op.group(2));
    }
    throw ArmError.notFound("InvalidResourceType", "The ARM sandbox does not serve " + request.method() + " " + path + ".");
  }

  private ArmReply application(ArmRequest request, String subscription, String group, String name) {
    String id = "/subscriptions/" + subscription + "/resourceGroups/" + group + "/providers/Microsoft.Solutions/applications/" + name;
    return switch (request.method()) {
      case "GET" -> ArmReply.of(200, ManagedAppsJson.application(stored(id, group, name), now()));
      case "PATCH" -> patch(request, id, subscription, group, name);
      default -> throw request.methodNotAllowed();
    };
  }

  private ArmReply jitRequest(ArmRequest request, String subscription, String group, String name) {
    String id = "/subscriptions/" + subscription + "/resourceGroups/" + group + "/providers/Microsoft.Solutions/jitRequests/" + name;
    return switch (request.method()) {
      case "GET" -> ArmReply.of(200, ManagedAppsJson.jitRequest(
          apps.jitRequest(id).orElseThrow(() -> notFound("jitRequests", name, group)), now()));
      case "PUT" -> put(request, id, subscription);
      case "DELETE" -> apps.delete(id).map(gone -> new ArmReply(200, Optional.<JsonNode>empty())).orElseGet(ArmReply::noContent);
      default -> throw request.methodNotAllowed();
    };
  }

  private ManagedApps.App stored(String id, String group, String name) {
    return apps.app(id).orElseThrow(() -> notFound("applications", name, group));
  }

  private ArmReply patch(ArmRequest request, String id, String subscription, String group, String name) {
    ManagedApps.AppSpec now = stored(id, group, name).at(apps.now());
    JsonNode policy = ArmJson.parse(request.body()).map(b -> b.path("properties").path("jitAccessPolicy")).orElse(null);
    ManagedApps.AppSpec changed = now;
    if (policy != null && policy.isObject()) {
      JsonNode enabled = policy.get("jitAccessEnabled");
      if (enabled == null || !enabled.isBoolean()) {
        throw ArmError.badRequest("InvalidRequestContent", "'properties.jitAccessPolicy.jitAccessEnabled' is required.");
      }
      changed = new ManagedApps.AppSpec(now.id(), now.location(), enabled.asBoolean(),
          duration(policy, "maximumJitAccessDuration").orElse(now.maximumJitDuration()), now.approval(),
          now.customerTenantId(), now.tenantHasP2(), now.provisioningTime());
    }
    ManagedApps.Operation op = apps.patch(id, changed, subscription);
    return async(ArmReply.of(202, ManagedAppsJson.application(apps.app(id).orElseThrow(), apps.now())), op);
  }

  private ArmReply put(ArmRequest request, String id, String subscription) {
    Optional<ManagedApps.JitRequest> existing = apps.jitRequest(id);
    if (existing.isPresent()) {
      // The same name again: the request as it stands; a JIT request is never changed by a PUT.
      return ArmReply.of(200, ManagedAppsJson.jitRequest(existing.get(), apps.now()));
    }
    JsonNode p = ArmJson.parse(request.body()).map(b -> b.path("properties")).filter(JsonNode::isObject)
        .orElseThrow(() -> invalid("'properties' is required."));
    String appId = text(p, "applicationResourceId").orElseThrow(() -> invalid("'properties.applicationResourceId' is required."));
    JsonNode policy = p.path("jitAuthorizationPolicies").path(0);
    String principal = text(policy, "principalId").orElseThrow(() -> invalid("'jitAuthorizationPolicies' needs a principalId."));
    String role = text(policy, "roleDefinitionId").orElseThrow(() -> invalid("'jitAuthorizationPolicies' needs a roleDefinitionId."));
    JsonNode schedule = p.path("jitSchedulingPolicy");
    if (!"Once".equalsIgnoreCase(text(schedule, "type").orElse(""))) {
      throw invalid("'jitSchedulingPolicy.type' must be Once (the sandbox does not emulate Recurring).");
    }
    Duration duration = duration(schedule, "duration").orElseThrow(() -> invalid("'jitSchedulingPolicy.duration' is required."));
    Instant start = text(schedule, "startTime").map(ManagedAppsApi::instant)
        .orElseThrow(() -> invalid("'jitSchedulingPolicy.startTime' is required."));
    Matcher a = APPLICATION.matcher(ArmPath.normalize(appId));
    if (!a.matches()) {
      throw invalid("'applicationResourceId' is not a managed application id.");
    }
    ManagedApps.AppSpec app = stored(appId, a.group(2), a.group(3)).at(now());
    // Azure's error codes for these refusals are not in the spec; these are the sandbox's words.
    if (!app.jitEnabled()) {
      throw ArmError.badRequest("JitAccessNotEnabled", "JIT access is not enabled for the managed application '" + a.group(3) + "'.");
    }
    if (duration.compareTo(app.maximumJitDuration()) > 0) {
      throw ArmError.badRequest("JitAccessDurationExceeded", "The requested duration " + duration
          + " exceeds the maximum JIT access duration " + app.maximumJitDuration() + " of the managed application.");
    }
    Map<String, String> tags = new LinkedHashMap<>();
    ArmJson.parse(request.body()).map(b -> b.path("tags")).filter(JsonNode::isObject)
        .ifPresent(t -> t.fields().forEachRemaining(e -> tags.put(e.getKey(), e.getValue().asText())));
    Instant now = now();
    ManagedApps.JitRequest created = new ManagedApps.JitRequest(id, app.id(), app.location(), principal, role, start, duration,
        tags, now, now.plus(app.provisioningTime()), app.approval() == ManagedApps.Approval.AUTO, !app.tenantHasP2(), null);
    ManagedApps.Operation op = apps.create(created, app, subscription);
    return async(ArmReply.of(201, ManagedAppsJson.jitRequest(created, now)), op);
  }

  private ArmReply operation(String kind, String name) {
    ManagedApps.Operation op = apps.operation(name).orElseThrow(() -> ArmError.notFound("OperationNotFound",
        "The operation '" + name + "' was not found."));
    Instant now = apps.now();
    boolean done = !now.isBefore(op.doneAt());
    if ("operationStatuses".equalsIgnoreCase(kind)) {
      ArmReply status = ArmReply.of(200, ManagedAppsJson.operation(op, done));
      return done ? status : status.withHeader("Retry-After", RETRY_AFTER_SECONDS);
    }
    if (!done) {
      return new ArmReply(202, Optional.empty())
          .withHeader("Location", op.path().formatted("operationResults") + "?api-version=" + API_VERSION)
          .withHeader("Retry-After", RETRY_AFTER_SECONDS);
    }
    Optional<ManagedApps.JitRequest> request = apps.jitRequest(op.resourceId());
    if (request.isPresent()) {
      return ArmReply.of(200, ManagedAppsJson.jitRequest(request.get(), now));
    }
    return apps.app(op.resourceId()).map(app -> ArmReply.of(200, ManagedAppsJson.application(app, now)))
        .orElseGet(ArmReply::noContent);
  }

  /** Announces the operation the way the sandbox is set to: Azure-AsyncOperation (status) or Location (result). */
  private ArmReply async(ArmReply reply, ManagedApps.Operation op) {
    boolean location = apps.asyncStyle() == ManagedApps.AsyncStyle.LOCATION;
    String url = op.path().formatted(location ? "operationResults" : "operationStatuses") + "?api-version=" + API_VERSION;
    return reply.withHeader(location ? "Location" : "Azure-AsyncOperation", url).withHeader("Retry-After", RETRY_AFTER_SECONDS);
  }

  @Override
  public void mountControls(io.vertx.ext.web.Router router) {
    new ManagedAppsControls(apps).mount(router);
  }

  @Override
  public String controls() {
    return ManagedAppsControls.SUMMARY;
  }

  @Override
  public void reset() {
    apps.clear();
  }

  private Instant now() {
    return apps.now();
  }

  private static ArmError notFound(String type, String name, String group) {
    return ArmError.notFound("ResourceNotFound", "The Resource 'Microsoft.Solutions/" + type + "/" + name
        + "' under resource group '" + group + "' was not found.");
  }

  private static ArmError invalid(String why) {
    return ArmError.badRequest("InvalidRequestContent", "The request content was invalid: " + why);
  }

  private static Optional<Duration> duration(JsonNode node, String field) {
    try {
      return text(node, field).map(Duration::parse);
    } catch (DateTimeParseException e) {
      throw invalid("'" + field + "' is not an ISO-8601 duration.");
    }
  }

  private static Instant instant(String text) {
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      throw invalid("'jitSchedulingPolicy.startTime' is not a date-time.");
    }
  }

  private static Optional<String> text(JsonNode node, String field) {
    JsonNode value = node == null ? null : node.get(field);
    return value != null && value.isTextual() && !value.asText().isBlank() ? Optional.of(value.asText()) : Optional.empty();
  }
}

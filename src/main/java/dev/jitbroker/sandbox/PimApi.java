package dev.jitbroker.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Privileged Identity Management for Azure resources (Authorization 2020-10-01): role assignment
 * schedule requests (PUT, GET, list) and the schedules they make (GET, list). An AdminAssign makes an
 * active assignment that is also a role assignment, gone at its end on the sandbox clock; AdminExtend
 * and AdminUpdate move that end; AdminRemove ends it. A subscription (or the whole tenant) can be
 * marked as having no Entra ID P2 licence, and then every PIM call fails as Azure fails it.
 */
final class PimApi implements SandboxApi {

  static final String API_VERSION = "2020-10-01";
  static final String ASSIGN = "AdminAssign";
  static final String REMOVE = "AdminRemove";
  static final String EXTEND = "AdminExtend";
  static final String UPDATE = "AdminUpdate";

  private static final Pattern GUID =
      Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
  private static final Set<String> REQUEST_TYPES = Set.of(ASSIGN, REMOVE, EXTEND, UPDATE);

  private final SandboxState state;
  private final Clock clock;
  private final Map<String, PimJson.Request> requests = new LinkedHashMap<>();
  private final Map<String, PimSchedule> schedules = new LinkedHashMap<>();
  private final Set<String> unlicensed = new HashSet<>();
  private boolean tenantUnlicensed;

  PimApi(SandboxState state, Clock clock) {
    this.state = state;
    this.clock = clock;
  }

  @Override
  public boolean serves(String path) {
    return PimPath.parse(path).isPresent();
  }

  @Override
  public Set<String> apiVersions() {
    return Set.of(API_VERSION);
  }

  @Override
  public synchronized ArmReply handle(ArmRequest request) {
    PimPath path = PimPath.parse(request.path()).orElseThrow();
    licensed(path.scope());
    expire();
    Optional<String> name = path.name();
    if (path.collection() == PimPath.Collection.SCHEDULES) {
      if (!request.method().equals("GET")) {
        throw request.methodNotAllowed();
      }
      return name.isPresent() ? getSchedule(path.scope(), name.get()) : listSchedules(path.scope(), request);
    }
    return switch (request.method()) {
      case "GET" -> name.isPresent() ? getRequest(path.scope(), name.get()) : listRequests(path.scope(), request);
      case "PUT" -> put(path.scope(), name.orElseThrow(request::methodNotAllowed), request);
      default -> throw request.methodNotAllowed();
    };
  }

  /** Marks a subscription (null: the whole tenant) as having, or not having, an Entra ID P2 licence. */
  synchronized void licence(String subscriptionId, boolean p2) {
    if (subscriptionId == null) {
      tenantUnlicensed = !p2;
      if (p2) {
        unlicensed.clear();
      }
    } else if (p2) {
      unlicensed.remove(subscriptionId.toLowerCase(Locale.ROOT));
    } else {
      unlicensed.add(subscriptionId.toLowerCase(Locale.ROOT));
    }
  }

  /** The active schedules, oldest first. */
  synchronized List<PimSchedule> schedules() {
    expire();
    return List.copyOf(schedules.values());
  }

  @Override
  public synchronized void reset() {
    requests.clear();
    schedules.clear();
    unlicensed.clear();
    tenantUnlicensed = false;
  }

  @Override
  public void mountControls(Router router) {
    router.post("/sandbox/pim/licence").handler(this::licence);
    router.get("/sandbox/pim/schedules").handler(ctx ->
        ControlApi.json(ctx, 200, ArmJson.list(schedules().stream().map(PimJson::schedule).toList())));
  }

  @Override
  public String controls() {
    return "POST pim/licence, GET pim/schedules";
  }

  /** {@code {"subscriptionId": "...", "p2": false}}: PIM calls in that subscription (none given: anywhere) fail. */
  private void licence(RoutingContext ctx) {
    Optional<JsonNode> body = ControlApi.body(ctx);
    JsonNode p2 = body.map(b -> b.get("p2")).orElse(null);
    if (p2 == null || !p2.isBoolean()) {
      ControlApi.json(ctx, 400, ArmJson.error("InvalidRequestContent", "p2 (true or false) is required"));
      return;
    }
    JsonNode subscription = body.get().get("subscriptionId");
    licence(subscription == null || subscription.isNull() ? null : subscription.asText(), p2.asBoolean());
    ctx.response().setStatusCode(204).end();
  }

  private void licensed(String scope) {
    boolean missing = tenantUnlicensed || ArmPath.subscriptionOf(scope).map(unlicensed::contains).orElse(false);
    if (missing) {
      // What ARM answers PIM calls in a tenant without Entra ID (formerly Azure AD) Premium P2.
      throw ArmError.badRequest("AadPremiumLicenseRequired", "The tenant needs an AAD Premium 2 license.");
    }
  }

  private ArmReply getRequest(String scope, String name) {
    PimJson.Request found = requests.get(key(scope, name));
    if (found == null) {
      throw ArmError.notFound("RoleAssignmentScheduleRequestNotFound",
          "The role assignment schedule request '" + name + "' is not found.");
    }
    return ArmReply.of(200, PimJson.request(found));
  }

  private ArmReply listRequests(String scope, ArmRequest request) {
    AssignmentFilter filter = AssignmentFilter.parse(request.query().get("$filter").orElse(""));
    return ArmReply.of(200, ArmJson.list(requests.values().stream()
        .filter(r -> filter.matches(r.scope(), r.principalId(), scope)).map(PimJson::request).toList()));
  }

  private ArmReply getSchedule(String scope, String name) {
    PimSchedule found = schedules.get(key(scope, name));
    if (found == null) {
      throw ArmError.notFound("RoleAssignmentScheduleNotFound", "The role assignment schedule '" + name + "' is not found.");
    }
    return ArmReply.of(200, PimJson.schedule(found));
  }

  private ArmReply listSchedules(String scope, ArmRequest request) {
    AssignmentFilter filter = AssignmentFilter.parse(request.query().get("$filter").orElse(""));
    return ArmReply.of(200, ArmJson.list(schedules.values().stream()
        .filter(s -> filter.matches(s.scope(), s.principalId(), scope)).map(PimJson::schedule).toList()));
  }

  private ArmReply put(String scope, String name, ArmRequest request) {
    if (!GUID.matcher(name).matches()) {
      throw ArmError.badRequest("InvalidRoleAssignmentScheduleRequestName",
          "The role assignment schedule request name '" + name + "' is not valid. It must be a GUID.");
    }
    if (requests.containsKey(key(scope, name))) {
      throw ArmError.badRequest("RoleAssignmentRequestExists",
          "A role assignment request with Id: " + name + " already exists");
    }
    JsonNode p = ArmJson.parse(request.body()).map(b -> b.path("properties")).filter(JsonNode::isObject)
        .orElseThrow(() -> ArmError.badRequest("InvalidRequestContent",
            "The request content was invalid and could not be deserialized: 'properties' is required."));
    String principalId = text(p, "principalId").filter(id -> GUID.matcher(id).matches())
        .orElseThrow(() -> ArmError.badRequest("InvalidPrincipalId", "A valid principal ID must be provided."));
    String roleDefinitionId = text(p, "roleDefinitionId").orElseThrow(() -> ArmError.badRequest(
        "InvalidRequestContent", "The request content was invalid: 'properties.roleDefinitionId' is required."));
    RoleDefinition role = ArmPath.parse(roleDefinitionId)
        .filter(a -> a.collection() == ArmPath.Collection.ROLE_DEFINITIONS)
        .flatMap(ArmPath::name).flatMap(state::roleDefinition)
        .orElseThrow(() -> ArmError.badRequest("RoleDefinitionDoesNotExist",
            "The specified role definition with ID '" + roleDefinitionId + "' does not exist."));
    String roleId = role.idAt(ArmPath.parse(roleDefinitionId).orElseThrow().scope());
    String type = text(p, "requestType").filter(REQUEST_TYPES::contains).orElseThrow(() -> ArmError.badRequest(
        "InvalidRequestContent", "The sandbox serves requestType " + String.join(", ", REQUEST_TYPES.stream().sorted().toList())
            + " (the broker acts as an administrator)."));
    Instant now = clock.instant();
    Window window = window(p.path("scheduleInfo"), now);
    Optional<PimSchedule> held = schedules.values().stream().filter(s -> s.holds(scope, principalId, role.name())).findFirst();
    String caller = request.caller().orElse(null);
    String requestId = PimPath.id(scope, PimPath.Collection.REQUESTS, name);
    PimSchedule result;
    String status;
    switch (type) {
      case ASSIGN -> {
        if (held.isPresent() || standing(scope, principalId, role.name())) {
          throw ArmError.badRequest("RoleAssignmentExists", "The Role assignment already exists.");
        }
        result = new PimSchedule(scope, name, principalId, "User", roleId, window.start(), window.end(), requestId, now, now);
        schedules.put(key(scope, name), result);
        state.putUntil(new RoleAssignment(scope, name, roleId, principalId, "User", null, now, now, caller, caller),
            window.end(), now, caller);
        status = "Provisioned";
      }
      case EXTEND, UPDATE -> {
        PimSchedule current = held.orElseThrow(PimApi::doesNotExist);
        result = current.until(window.end(), now);
        schedules.put(key(current.scope(), current.name()), result);
        state.ends(current.scope(), current.name(), window.end());
        status = "Provisioned";
      }
      default -> {
        result = held.orElseThrow(PimApi::doesNotExist);
        schedules.remove(key(result.scope(), result.name()));
        state.delete(result.scope(), result.name());
        status = "Revoked";
      }
    }
    PimJson.Request stored = new PimJson.Request(scope, name, principalId, "User", roleId, type, status, result.name(),
        window.start(), window.type(), window.end(), window.duration(), text(p, "justification").orElse(null), caller, now);
    requests.put(key(scope, name), stored);
    return ArmReply.of(201, PimJson.request(stored));
  }

  /** Whether a role assignment outside PIM already gives this role at exactly this scope. */
  private boolean standing(String scope, String principalId, String roleName) {
    return state.list(scope, new AssignmentFilter(true, Optional.of(principalId), Optional.empty())).stream()
        .anyMatch(a -> ArmPath.sameScope(a.scope(), scope) && a.sameGrantAs(principalId, roleName));
  }

  private static ArmError doesNotExist() {
    return ArmError.badRequest("RoleAssignmentDoesNotExist", "The Role assignment does not exist.");
  }

  /** When a requested schedule starts and ends; the sandbox starts every schedule at once. */
  private record Window(Instant start, String type, Instant end, String duration) {}

  private static Window window(JsonNode info, Instant now) {
    try {
      Instant start = text(info, "startDateTime").map(Instant::parse).orElse(now);
      JsonNode expiration = info.path("expiration");
      String type = text(expiration, "type").orElse("NoExpiration");
      Instant end;
      String duration = text(expiration, "duration").orElse(null);
      switch (type) {
        case "AfterDateTime" -> end = Instant.parse(text(expiration, "endDateTime").orElseThrow(
            () -> ArmError.badRequest("InvalidScheduleInfo", "expiration.endDateTime is required for AfterDateTime.")));
        case "AfterDuration" -> end = start.plus(Duration.parse(Optional.ofNullable(duration).orElseThrow(
            () -> ArmError.badRequest("InvalidScheduleInfo", "expiration.duration is required for AfterDuration."))));
        case "NoExpiration" -> end = null;
        default -> throw ArmError.badRequest("InvalidScheduleInfo", "expiration.type '" + type
            + "' is not one of AfterDuration, AfterDateTime, NoExpiration.");
      }
      if (end != null && !end.isAfter(now)) {
        throw ArmError.badRequest("InvalidScheduleInfo", "The schedule must end in the future; it ends at " + end + ".");
      }
      return new Window(start, type, end, duration);
    } catch (DateTimeParseException e) {
      throw ArmError.badRequest("InvalidScheduleInfo", "scheduleInfo has a date-time or duration that is not ISO-8601: "
          + e.getParsedString());
    }
  }

  // Lazily: a schedule past its end is gone for every later call (its role assignment too, in SandboxState).
  private void expire() {
    Instant now = clock.instant();
    List<String> over = new ArrayList<>();
    schedules.forEach((k, s) -> {
      if (s.endedBy(now)) {
        over.add(k);
      }
    });
    over.forEach(schedules::remove);
  }

  private static Optional<String> text(JsonNode node, String field) {
    JsonNode value = node == null ? null : node.get(field);
    return value != null && value.isTextual() && !value.asText().isBlank() ? Optional.of(value.asText()) : Optional.empty();
  }

  private static String key(String scope, String name) {
    return ArmPath.normalize(scope).toLowerCase(Locale.ROOT) + "|" + name.toLowerCase(Locale.ROOT);
  }
}

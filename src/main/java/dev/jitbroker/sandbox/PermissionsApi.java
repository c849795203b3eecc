package dev.jitbroker.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code GET {resource group or resource}/providers/Microsoft.Authorization/permissions}, api-version
 * 2022-04-01: the caller's effective permissions there, one entry per role it holds at or above the scope.
 *
 * <p>The sandbox has one caller, the broker. What it holds is set per scope with {@code POST
 * /sandbox/permissions}; where nothing is set at or above a scope, it holds {@code *} (like an Owner),
 * so dev mode and tests that do not care see every grant type ready. Reset forgets what was set.
 */
final class PermissionsApi implements SandboxApi {

  static final String API_VERSION = "2022-04-01";
  static final String READ = "Microsoft.Authorization/permissions/read";
  private static final Pattern PATH = Pattern.compile(
      "^(/subscriptions/[^/]+/resourcegroups/[^/]+(?:/providers/[^/]+(?:/[^/]+/[^/]+)+)?)"
          + "/providers/Microsoft\\.Authorization/permissions$",
      Pattern.CASE_INSENSITIVE);
  private static final Held EVERYTHING = new Held(ArmPath.ROOT, List.of("*"), List.of());

  /** What the broker holds at one scope: one role's actions and notActions. */
  record Held(String scope, List<String> actions, List<String> notActions) {
    Held {
      scope = ArmPath.normalize(scope);
      actions = List.copyOf(actions);
      notActions = List.copyOf(notActions);
    }

    boolean allows(String action) {
      return actions.stream().anyMatch(a -> matches(a, action)) && notActions.stream().noneMatch(n -> matches(n, action));
    }
  }

  private final Map<String, Held> byScope = new ConcurrentHashMap<>();

  @Override
  public boolean serves(String path) {
    return PATH.matcher(path).matches();
  }

  @Override
  public Set<String> apiVersions() {
    return Set.of(API_VERSION);
  }

  @Override
  public ArmReply handle(ArmRequest request) {
    if (!"GET".equals(request.method())) {
      throw request.methodNotAllowed();
    }
    Matcher m = PATH.matcher(request.path());
    if (!m.matches()) {
      throw ArmError.notFound("InvalidResourceType", "'" + request.path() + "' is not a permissions path.");
    }
    String scope = m.group(1);
    List<Held> held = at(scope);
    if (held.stream().noneMatch(h -> h.allows(READ))) {
      String who = request.caller().orElse("jit-broker");
      throw new ArmError(403, "AuthorizationFailed", "The client '" + who + "' with object id '" + who
          + "' does not have authorization to perform action '" + READ + "' over scope '" + scope
          + "' or the scope is invalid. If access was recently granted, please refresh your credentials.");
    }
    List<ObjectNode> value = new ArrayList<>();
    for (Held h : held) {
      ObjectNode p = ArmJson.MAPPER.createObjectNode();
      h.actions().forEach(p.putArray("actions")::add);
      h.notActions().forEach(p.putArray("notActions")::add);
      p.putArray("dataActions");
      p.putArray("notDataActions");
      value.add(p);
    }
    return ArmReply.of(200, ArmJson.list(value));
  }

  /** Sets what the broker holds at exactly {@code scope}, replacing what was set there; no actions removes it. */
  void set(String scope, List<String> actions, List<String> notActions) {
    String key = ArmPath.normalize(scope).toLowerCase(Locale.ROOT);
    if (actions.isEmpty()) {
      byScope.remove(key);
    } else {
      byScope.put(key, new Held(scope, actions, notActions));
    }
  }

  /** The entries that apply at {@code scope}: those set at it or above it, or everything when none is set. */
  List<Held> at(String scope) {
    List<Held> applicable = byScope.values().stream()
        .filter(h -> ArmPath.isAtOrAbove(h.scope(), scope))
        .sorted(Comparator.comparing(Held::scope))
        .toList();
    return applicable.isEmpty() ? List.of(EVERYTHING) : applicable;
  }

  @Override
  public void mountControls(Router router) {
    router.post("/sandbox/permissions").handler(this::setControl);
    router.get("/sandbox/permissions").handler(ctx -> {
      ObjectNode root = ArmJson.MAPPER.createObjectNode();
      ArrayNode items = root.putArray("value");
      byScope.values().stream().sorted(Comparator.comparing(Held::scope)).forEach(h -> {
        ObjectNode item = items.addObject().put("scope", h.scope());
        h.actions().forEach(item.putArray("actions")::add);
        h.notActions().forEach(item.putArray("notActions")::add);
      });
      ControlApi.json(ctx, 200, root);
    });
  }

  /** {@code {"scope": "/subscriptions/.../resourceGroups/rg", "actions": [...], "notActions": [...]}}. */
  private void setControl(RoutingContext ctx) {
    Optional<JsonNode> body = ControlApi.body(ctx);
    String scope = body.map(b -> b.path("scope").asText("")).orElse("");
    if (!scope.startsWith("/") || !body.get().path("actions").isArray()) {
      ControlApi.json(ctx, 400, ArmJson.error("InvalidRequestContent",
          "Send {\"scope\": \"/subscriptions/...\", \"actions\": [...], \"notActions\": [...]}; no actions removes the entry."));
      return;
    }
    set(scope, strings(body.get().path("actions")), strings(body.get().path("notActions")));
    ctx.response().setStatusCode(204).end();
  }

  @Override
  public void reset() {
    byScope.clear();
  }

  @Override
  public String controls() {
    return "GET and POST permissions";
  }

  private static List<String> strings(JsonNode array) {
    List<String> values = new ArrayList<>();
    array.forEach(v -> values.add(v.asText()));
    return values;
  }

  /** ARM's action matching: {@code *} is any run of characters, the rest is literal, case ignored. */
  static boolean matches(String pattern, String action) {
    List<String> literals = new ArrayList<>();
    for (String literal : pattern.split("\\*", -1)) {
      literals.add(Pattern.quote(literal));
    }
    return Pattern.compile(String.join(".*", literals), Pattern.CASE_INSENSITIVE | Pattern.DOTALL).matcher(action).matches();
  }
}

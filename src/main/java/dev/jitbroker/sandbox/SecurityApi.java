package dev.jitbroker.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Microsoft.Security JIT network access policies, api-version 2020-01-01: GET, PUT and DELETE a policy,
 * list them by subscription, resource group and location, and POST {@code initiate}. Ports close at their
 * end on the sandbox clock, which tests may run ahead ({@link #ahead}) to see them close.
 */
final class SecurityApi implements SandboxApi {

  static final String API_VERSION = "2020-01-01";

  private final JitPolicyStore store = new JitPolicyStore();
  private final Clock clock;
  private volatile Duration skew = Duration.ZERO;

  SecurityApi(Clock clock) {
    this.clock = clock;
  }

  /** The sandbox clock as Defender for Cloud sees it. */
  Instant now() {
    return clock.instant().plus(skew);
  }

  /** Runs Defender's clock {@code ahead} of the sandbox clock, so ports whose end has come close; ZERO puts it back. */
  void ahead(Duration ahead) {
    if (ahead.isNegative()) {
      throw new IllegalArgumentException("Defender's clock may run ahead, not behind (" + ahead + ")");
    }
    skew = ahead;
  }

  @Override
  public boolean serves(String path) {
    return JitPath.parse(path).isPresent();
  }

  @Override
  public Set<String> apiVersions() {
    return Set.of(API_VERSION);
  }

  @Override
  public ArmReply handle(ArmRequest request) {
    JitPath path = JitPath.parse(request.path()).orElseThrow();
    if (path.name() == null) {
      if (!request.method().equals("GET")) {
        throw request.methodNotAllowed();
      }
      List<ObjectNode> found = store.list(path.subscription(), path.resourceGroup(), path.location()).stream()
          .map(p -> store.json(p, now())).toList();
      return ArmReply.of(200, ArmJson.list(found));
    }
    if (path.resourceGroup() == null || path.location() == null) {
      throw ArmError.notFound("InvalidResourceType", "'" + request.path() + "' is not a JIT network access policy path.");
    }
    if (path.initiate()) {
      if (!request.method().equals("POST")) {
        throw request.methodNotAllowed();
      }
      return JitInitiate.initiate(store, policy(path), request, now());
    }
    return switch (request.method()) {
      case "GET" -> ArmReply.of(200, store.json(policy(path), now()));
      case "PUT" -> put(path, request);
      case "DELETE" -> store.delete(path.id()) ? new ArmReply(200, Optional.empty()) : ArmReply.noContent();
      default -> throw request.methodNotAllowed();
    };
  }

  private JitPolicyStore.Policy policy(JitPath path) {
    return store.get(path.id()).orElseThrow(() -> ArmError.notFound("ResourceNotFound",
        "The JIT network access policy '" + path.name() + "' was not found in resource group '" + path.resourceGroup()
            + "', location '" + path.location() + "'."));
  }

  private ArmReply put(JitPath path, ArmRequest request) {
    JsonNode body = ArmJson.parse(request.body()).orElseThrow(() -> ArmError.badRequest("InvalidRequestContent",
        "The request content was invalid and could not be deserialized."));
    JitPolicyStore.Policy policy = new JitPolicyStore.Policy(
        path.subscription(), path.resourceGroup(), path.location(), path.name());
    policy.kind = body.path("kind").asText("Basic");
    policy.virtualMachines = JitInitiate.virtualMachines(body.path("properties").path("virtualMachines"));
    store.put(policy);
    return ArmReply.of(200, store.json(store.get(path.id()).orElseThrow(), now()));
  }

  /** Creates or replaces a policy covering {@code vmIds} (all in one resource group), every VM with the same port rules. */
  JitPolicyStore.Policy createPolicy(String location, String name, List<String> vmIds, List<Integer> ports,
      Duration maxRequestAccessDuration, List<String> allowedSources) {
    if (vmIds.isEmpty()) {
      throw new IllegalArgumentException("name at least one virtual machine");
    }
    String[] s = ArmPath.normalize(vmIds.get(0)).split("/");
    if (s.length < 9 || !s[1].equalsIgnoreCase("subscriptions") || !s[3].equalsIgnoreCase("resourceGroups")) {
      throw new IllegalArgumentException("not a virtual machine id: " + vmIds.get(0));
    }
    ArrayNode vms = ArmJson.MAPPER.createArrayNode();
    for (String vm : vmIds) {
      ArrayNode rules = vms.addObject().put("id", vm).putArray("ports");
      for (int port : ports) {
        ObjectNode rule = rules.addObject().put("number", port).put("protocol", "*")
            .put("maxRequestAccessDuration", maxRequestAccessDuration.toString());
        if (allowedSources.size() == 1) {
          rule.put("allowedSourceAddressPrefix", allowedSources.get(0));
        } else {
          allowedSources.forEach(rule.putArray("allowedSourceAddressPrefixes")::add);
        }
      }
    }
    JitPolicyStore.Policy policy = new JitPolicyStore.Policy(s[2], s[4], location, name);
    policy.kind = "Basic";
    policy.virtualMachines = JitInitiate.virtualMachines(vms);
    store.put(policy);
    return policy;
  }

  /** The ports JIT requests hold open now, in every policy. */
  List<JitOpenPort> openPorts() {
    Instant now = now();
    List<JitOpenPort> open = new ArrayList<>();
    for (JitPolicyStore.Policy p : store.all()) {
      for (JitPolicyStore.Request r : List.copyOf(p.requests)) {
        for (JitPolicyStore.Port port : r.ports()) {
          if (port.open(now)) {
            open.add(new JitOpenPort(p.id(), port.vmId, port.number, port.source, port.endTimeUtc, r.requestor(),
                r.justification()));
          }
        }
      }
    }
    return open;
  }

  @Override
  public void mountControls(Router router) {
    router.post("/sandbox/jit-policies").handler(this::createPolicyControl);
    router.get("/sandbox/jit-open-ports").handler(ctx -> {
      ArrayNode list = ArmJson.MAPPER.createArrayNode();
      for (JitOpenPort p : openPorts()) {
        list.addObject().put("policyId", p.policyId()).put("virtualMachineId", p.virtualMachineId())
            .put("number", p.number()).put("allowedSourceAddressPrefix", p.source())
            .put("endTimeUtc", p.endTimeUtc().toString()).put("requestor", p.requestor())
            .put("justification", p.justification());
      }
      ControlApi.json(ctx, 200, ArmJson.MAPPER.createObjectNode().set("value", list));
    });
    router.post("/sandbox/jit-clock").handler(ctx -> {
      try {
        ahead(Duration.parse(ControlApi.body(ctx).map(b -> b.path("ahead").asText("")).orElse("")));
        ControlApi.json(ctx, 200, ArmJson.MAPPER.createObjectNode().put("now", now().toString()));
      } catch (RuntimeException e) {
        ControlApi.json(ctx, 400, ArmJson.error("InvalidRequestContent",
            "Send {\"ahead\": \"PT1H\"}: how far Defender's clock runs ahead, not negative (" + e.getMessage() + ")"));
      }
    });
  }

  /**
   * {@code {"virtualMachines": [ids], "ports": [22], "maxRequestAccessDuration": "PT3H",
   * "allowedSourceAddressPrefixes": ["*"], "location": "westeurope", "name": "default"}}.
   */
  private void createPolicyControl(RoutingContext ctx) {
    try {
      JsonNode b = ControlApi.body(ctx).orElseThrow(() -> new IllegalArgumentException("a JSON body is required"));
      List<String> vms = new ArrayList<>();
      b.path("virtualMachines").forEach(v -> vms.add(v.asText()));
      List<Integer> ports = new ArrayList<>();
      b.path("ports").forEach(p -> ports.add(p.asInt()));
      List<String> sources = new ArrayList<>();
      b.path("allowedSourceAddressPrefixes").forEach(p -> sources.add(p.asText()));
      JitPolicyStore.Policy p = createPolicy(b.path("location").asText("westeurope"), b.path("name").asText("default"),
          vms, ports, Duration.parse(b.path("maxRequestAccessDuration").asText("PT3H")),
          sources.isEmpty() ? List.of("*") : sources);
      ControlApi.json(ctx, 200, store.json(p, now()));
    } catch (RuntimeException e) {
      ControlApi.json(ctx, 400, ArmJson.error("InvalidRequestContent", e.getMessage()));
    }
  }

  @Override
  public void reset() {
    store.clear();
    skew = Duration.ZERO;
  }

  @Override
  public String controls() {
    return "POST jit-policies, GET jit-open-ports, POST jit-clock";
  }

  /** A JIT policy path: a collection (name null) or one policy, optionally its {@code initiate} action. */
  record JitPath(String subscription, String resourceGroup, String location, String name, boolean initiate) {

    String id() {
      return "/subscriptions/" + subscription + "/resourceGroups/" + resourceGroup
          + "/providers/Microsoft.Security/locations/" + location + "/jitNetworkAccessPolicies/" + name;
    }

    static Optional<JitPath> parse(String path) {
      List<String> s = List.of(ArmPath.normalize(path).substring(1).split("/"));
      if (s.size() < 2 || !s.get(0).equalsIgnoreCase("subscriptions")) {
        return Optional.empty();
      }
      String sub = s.get(1);
      int i = 2;
      String rg = null;
      if (is(s, i, "resourceGroups") && s.size() > i + 1) {
        rg = s.get(i + 1);
        i += 2;
      }
      if (!is(s, i, "providers") || !is(s, i + 1, "Microsoft.Security")) {
        return Optional.empty();
      }
      i += 2;
      String location = null;
      if (is(s, i, "locations") && s.size() > i + 1) {
        location = s.get(i + 1);
        i += 2;
      }
      if (!is(s, i, "jitNetworkAccessPolicies")) {
        return Optional.empty();
      }
      i++;
      int rest = s.size() - i;
      if (rest == 0) {
        return Optional.of(new JitPath(sub, rg, location, null, false));
      }
      if (rest == 1 || rest == 2 && s.get(i + 1).equalsIgnoreCase("initiate")) {
        return Optional.of(new JitPath(sub, rg, location, s.get(i), rest == 2));
      }
      return Optional.empty();
    }

    private static boolean is(List<String> s, int i, String segment) {
      return i < s.size() && s.get(i).toLowerCase(Locale.ROOT).equals(segment.toLowerCase(Locale.ROOT));
    }
  }
}

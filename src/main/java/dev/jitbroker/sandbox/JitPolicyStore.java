package dev.jitbroker.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Defender for Cloud's JIT network access policies and the requests initiated from them. A port of a
 * request is open from its initiate until its {@code endTimeUtc}, or until a newer request opens the
 * same port of the same VM; nothing else closes it (the API has no revoke).
 */
final class JitPolicyStore {

  static final String TYPE = "Microsoft.Security/locations/jitNetworkAccessPolicies";

  /** One policy: where it lives, its VM rules as PUT, and the requests initiated from it. */
  static final class Policy {
    final String subscription;
    final String resourceGroup;
    final String location;
    final String name;
    String kind;
    ArrayNode virtualMachines;
    final List<Request> requests = new ArrayList<>();

    Policy(String subscription, String resourceGroup, String location, String name) {
      this.subscription = subscription;
      this.resourceGroup = resourceGroup;
      this.location = location;
      this.name = name;
    }

    String id() {
      return "/subscriptions/" + subscription + "/resourceGroups/" + resourceGroup
          + "/providers/Microsoft.Security/locations/" + location + "/jitNetworkAccessPolicies/" + name;
    }

    /** The policy's rules for the VM {@code vmId}, if the policy covers it. */
    Optional<JsonNode> virtualMachine(String vmId) {
      for (JsonNode vm : virtualMachines) {
        if (vm.path("id").asText().equalsIgnoreCase(vmId)) {
          return Optional.of(vm);
        }
      }
      return Optional.empty();
    }
  }

  /** One initiate: who asked, why, and the ports it opened. */
  record Request(Instant startTimeUtc, String requestor, String justification, List<Port> ports) {}

  /** One opened port of one VM. */
  static final class Port {
    final String vmId;
    final int number;
    final String source;
    final Instant endTimeUtc;
    boolean superseded;

    Port(String vmId, int number, String source, Instant endTimeUtc) {
      this.vmId = vmId;
      this.number = number;
      this.source = source;
      this.endTimeUtc = endTimeUtc;
    }

    boolean open(Instant now) {
      return !superseded && now.isBefore(endTimeUtc);
    }

    /** The spec's status: {@code Initiated} while open, else {@code Revoked}. */
    String status(Instant now) {
      return open(now) ? "Initiated" : "Revoked";
    }

    /** The spec's statusReason. */
    String statusReason(Instant now) {
      return superseded ? "NewerRequestInitiated" : open(now) ? "UserRequested" : "Expired";
    }
  }

  private final Map<String, Policy> policies = new LinkedHashMap<>();

  synchronized Optional<Policy> get(String id) {
    return Optional.ofNullable(policies.get(key(id)));
  }

  /** Stores {@code policy}, keeping the requests of the one it replaces; true when it is new. */
  synchronized boolean put(Policy policy) {
    Policy old = policies.put(key(policy.id()), policy);
    if (old != null) {
      policy.requests.addAll(old.requests);
    }
    return old == null;
  }

  synchronized boolean delete(String id) {
    return policies.remove(key(id)) != null;
  }

  /** Policies under a subscription, optionally narrowed to a resource group and a location. */
  synchronized List<Policy> list(String subscription, String resourceGroup, String location) {
    return policies.values().stream()
        .filter(p -> p.subscription.equalsIgnoreCase(subscription))
        .filter(p -> resourceGroup == null || p.resourceGroup.equalsIgnoreCase(resourceGroup))
        .filter(p -> location == null || p.location.equalsIgnoreCase(location))
        .toList();
  }

  /** Records an initiate; the ports it opens replace those a former request held open. */
  synchronized void initiate(Policy policy, Request request) {
    for (Request earlier : policy.requests) {
      for (Port old : earlier.ports()) {
        for (Port now : request.ports()) {
          if (old.vmId.equalsIgnoreCase(now.vmId) && old.number == now.number) {
            old.superseded = true;
          }
        }
      }
    }
    policy.requests.add(request);
  }

  /** Every policy, for the open-ports view. */
  synchronized List<Policy> all() {
    return List.copyOf(policies.values());
  }

  synchronized void clear() {
    policies.clear();
  }

  /** The policy as the spec's JitNetworkAccessPolicy, port statuses as of {@code now}. */
  synchronized ObjectNode json(Policy p, Instant now) {
    ObjectNode root = ArmJson.MAPPER.createObjectNode();
    root.put("id", p.id());
    root.put("name", p.name);
    root.put("type", TYPE);
    root.put("kind", p.kind);
    root.put("location", p.location);
    ObjectNode props = root.putObject("properties");
    props.set("virtualMachines", p.virtualMachines.deepCopy());
    ArrayNode requests = props.putArray("requests");
    for (Request r : p.requests) {
      requests.add(json(r, now));
    }
    props.put("provisioningState", "Succeeded");
    return root;
  }

  /** A request as the spec's JitNetworkAccessRequest. */
  static ObjectNode json(Request r, Instant now) {
    ObjectNode root = ArmJson.MAPPER.createObjectNode();
    ArrayNode vms = root.putArray("virtualMachines");
    Map<String, ArrayNode> byVm = new LinkedHashMap<>();
    for (Port port : r.ports()) {
      ArrayNode ports = byVm.computeIfAbsent(port.vmId, id -> {
        ObjectNode vm = vms.addObject();
        vm.put("id", id);
        return vm.putArray("ports");
      });
      ObjectNode o = ports.addObject();
      o.put("number", port.number);
      if (port.source != null) {
        o.put("allowedSourceAddressPrefix", port.source);
      }
      o.put("endTimeUtc", port.endTimeUtc.toString());
      o.put("status", port.status(now));
      o.put("statusReason", port.statusReason(now));
    }
    root.put("startTimeUtc", r.startTimeUtc().toString());
    root.put("requestor", r.requestor());
    if (r.justification() != null) {
      root.put("justification", r.justification());
    }
    return root;
  }

  private static String key(String id) {
    return id.toLowerCase(Locale.ROOT);
  }
}

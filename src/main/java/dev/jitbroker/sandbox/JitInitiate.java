package dev.jitbroker.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** What Defender for Cloud checks in a policy's VM rules and in an initiate, and the request an initiate records. */
final class JitInitiate {

  private static final Duration MIN = Duration.ofMinutes(5);
  private static final Duration MAX = Duration.ofDays(1);
  private static final Set<String> PROTOCOLS = Set.of("TCP", "UDP", "*");

  private JitInitiate() {}

  /** Checks {@code properties.virtualMachines} of a PUT and returns a copy to store. */
  static ArrayNode virtualMachines(JsonNode vms) {
    if (!vms.isArray()) {
      throw bad("'properties.virtualMachines' is required.");
    }
    for (JsonNode vm : vms) {
      if (!vm.path("id").asText("").toLowerCase().contains("/providers/microsoft.compute/virtualmachines/")) {
        throw bad("Each virtual machine needs the resource 'id' of a Microsoft.Compute virtual machine.");
      }
      if (!vm.path("ports").isArray() || vm.path("ports").isEmpty()) {
        throw bad("Virtual machine '" + vm.path("id").asText() + "' needs at least one port rule.");
      }
      for (JsonNode rule : vm.path("ports")) {
        int number = rule.path("number").asInt(-1);
        if (!rule.path("number").isInt() || number < 0 || number > 65535) {
          throw bad("A port 'number' must be from 0 to 65535.");
        }
        if (!PROTOCOLS.contains(rule.path("protocol").asText(""))) {
          throw bad("Port " + number + ": 'protocol' must be one of TCP, UDP, *.");
        }
        Duration max = duration(rule.path("maxRequestAccessDuration").asText(""), number);
        if (max.compareTo(MIN) < 0 || max.compareTo(MAX) > 0) {
          throw bad("Port " + number + ": 'maxRequestAccessDuration' must be from PT5M to P1D.");
        }
        if (rule.has("allowedSourceAddressPrefix") && rule.has("allowedSourceAddressPrefixes")) {
          throw bad("Port " + number + ": 'allowedSourceAddressPrefix' and 'allowedSourceAddressPrefixes' are mutually exclusive.");
        }
      }
    }
    return (ArrayNode) vms.deepCopy();
  }

  /** Checks an initiate against {@code policy} at {@code now}, records it, and answers 202 with the request. */
  static ArmReply initiate(JitPolicyStore store, JitPolicyStore.Policy policy, ArmRequest request, Instant now) {
    JsonNode body = ArmJson.parse(request.body()).orElseThrow(() -> bad("The request content could not be deserialized."));
    JsonNode vms = body.path("virtualMachines");
    if (!vms.isArray() || vms.isEmpty()) {
      throw bad("'virtualMachines' is required: the virtual machines and ports to open.");
    }
    List<JitPolicyStore.Port> opened = new ArrayList<>();
    for (JsonNode vm : vms) {
      String vmId = vm.path("id").asText("");
      JsonNode rules = policy.virtualMachine(vmId).orElseThrow(() -> bad("Virtual machine '" + vmId
          + "' is not protected by the JIT network access policy '" + policy.name + "'."));
      if (!vm.path("ports").isArray() || vm.path("ports").isEmpty()) {
        throw bad("Virtual machine '" + vmId + "': 'ports' is required.");
      }
      for (JsonNode port : vm.path("ports")) {
        opened.add(port(vmId, rules, port, now));
      }
    }
    String requestor = request.caller().orElse("unknown");
    String justification = body.hasNonNull("justification") ? body.get("justification").asText() : null;
    JitPolicyStore.Request recorded = new JitPolicyStore.Request(now, requestor, justification, List.copyOf(opened));
    store.initiate(policy, recorded);
    return ArmReply.of(202, JitPolicyStore.json(recorded, now));
  }

  private static JitPolicyStore.Port port(String vmId, JsonNode rules, JsonNode port, Instant now) {
    int number = port.path("number").asInt(-1);
    JsonNode rule = null;
    for (JsonNode r : rules.path("ports")) {
      if (r.path("number").asInt() == number) {
        rule = r;
      }
    }
    if (rule == null) {
      throw bad("Port " + number + " is not configured for JIT access on virtual machine '" + vmId + "'.");
    }
    Instant end;
    try {
      end = Instant.parse(port.path("endTimeUtc").asText(""));
    } catch (DateTimeParseException e) {
      throw bad("Port " + number + ": 'endTimeUtc' is required, as a UTC date-time.");
    }
    Duration max = duration(rule.path("maxRequestAccessDuration").asText(""), number);
    if (!end.isAfter(now)) {
      throw bad("Port " + number + ": 'endTimeUtc' " + end + " is not in the future.");
    }
    if (Duration.between(now, end).compareTo(max) > 0) {
      throw bad("Port " + number + ": the requested access exceeds the maximum of " + max
          + " the policy allows for this port (requested until " + end + ").");
    }
    String source = port.hasNonNull("allowedSourceAddressPrefix") ? port.get("allowedSourceAddressPrefix").asText() : null;
    if (source != null && !allowed(rule, source)) {
      throw bad("Port " + number + ": source '" + source + "' is not allowed by the policy of virtual machine '" + vmId + "'.");
    }
    return new JitPolicyStore.Port(vmId, number, source, end);
  }

  /** Whether the rule's allowed sources take in {@code source}; a rule that names none allows any. */
  static boolean allowed(JsonNode rule, String source) {
    List<String> allowed = new ArrayList<>();
    if (rule.hasNonNull("allowedSourceAddressPrefix")) {
      allowed.add(rule.get("allowedSourceAddressPrefix").asText());
    }
    rule.path("allowedSourceAddressPrefixes").forEach(p -> allowed.add(p.asText()));
    return allowed.isEmpty() || allowed.stream().anyMatch(a -> AddressRange.allows(a, source));
  }

  private static Duration duration(String text, int port) {
    try {
      return Duration.parse(text);
    } catch (DateTimeParseException e) {
      throw bad("Port " + port + ": 'maxRequestAccessDuration' must be an ISO-8601 duration such as PT3H.");
    }
  }

  private static ArmError bad(String message) {
    return ArmError.badRequest("BadRequest", message);
  }
}

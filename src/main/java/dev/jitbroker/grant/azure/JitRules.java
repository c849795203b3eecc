package dev.jitbroker.grant.azure;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jitbroker.grant.NetworkAccess;
import dev.jitbroker.grant.Refusal;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/** What a VM's JIT policy allows: which ports, for how long, from where. Refusals say what to ask for instead. */
final class JitRules {

  private JitRules() {}

  /** Why Defender would refuse to open {@code network} on {@code vm} for {@code duration}; empty when it would not. */
  static List<Refusal> check(JitPolicies.Vm vm, JsonNode rules, NetworkAccess network, Duration duration) {
    List<Refusal> refusals = new ArrayList<>();
    List<Integer> configured = new ArrayList<>();
    rules.path("ports").forEach(r -> configured.add(r.path("number").asInt()));
    for (int port : network.ports()) {
      JsonNode rule = rule(rules, port);
      if (rule == null) {
        refusals.add(new Refusal("network.ports", "Port " + port + " is not open to just-in-time access on "
            + vm.name() + "; its JIT policy allows ports " + configured + ". Ask for one of those, or ask the "
            + "security admin to add the port to the policy."));
        continue;
      }
      Duration max = max(rule);
      if (max != null && duration.compareTo(max) > 0) {
        refusals.add(new Refusal("duration", "Port " + port + " of " + vm.name() + " may be opened for at most "
            + max + " (its JIT policy's maxRequestAccessDuration); ask for " + max + " or less."));
      }
      List<String> allowed = allowedSources(rule);
      if (!allowed.isEmpty() && allowed.stream().noneMatch(a -> SourceRange.allows(a, network.sourceAddressPrefix()))) {
        refusals.add(new Refusal("network.sourceAddressPrefix", "Port " + port + " of " + vm.name()
            + " accepts just-in-time connections only from " + String.join(", ", allowed) + "; "
            + network.sourceAddressPrefix() + " is not within them. Connect from an allowed address and ask with it."));
      }
    }
    return refusals;
  }

  private static JsonNode rule(JsonNode rules, int port) {
    for (JsonNode r : rules.path("ports")) {
      if (r.path("number").asInt(-1) == port) {
        return r;
      }
    }
    return null;
  }

  private static Duration max(JsonNode rule) {
    try {
      return Duration.parse(rule.path("maxRequestAccessDuration").asText(""));
    } catch (DateTimeParseException e) {
      // Defender requires it; one it cannot read is Defender's to refuse at initiate.
      return null;
    }
  }

  /** The rule's allowed sources; none named means Defender takes any ({@code *} also means any). */
  private static List<String> allowedSources(JsonNode rule) {
    List<String> allowed = new ArrayList<>();
    if (rule.hasNonNull("allowedSourceAddressPrefix")) {
      allowed.add(rule.get("allowedSourceAddressPrefix").asText());
    }
    rule.path("allowedSourceAddressPrefixes").forEach(p -> allowed.add(p.asText()));
    return allowed;
  }
}

package dev.jitbroker.grant.azure;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jitbroker.grant.GrantCommand;
import dev.jitbroker.grant.GrantFailure;
import dev.jitbroker.grant.GrantProvider;
import dev.jitbroker.grant.Granted;
import dev.jitbroker.grant.NetworkAccess;
import dev.jitbroker.grant.Refusal;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * {@code vm-jit}: Defender for Cloud JIT VM access. Opens the request's ports of a VM, from its source,
 * by POST {@code initiate} on the JIT policy that covers the VM, until the request's end.
 *
 * <p>Defender closes the ports at that end by itself, and its API (2020-01-01) has no way to close them
 * sooner: it offers get, put and delete of policies and initiate, no revoke. Editing or deleting the
 * policy would change the protection of the VM for everyone, so the broker does neither. So an early
 * revoke is recorded at once, but the ports stay open until the end they were opened with; {@link #remove}
 * confirms, from the policy's {@code requests}, that Defender has closed them, and until then says when
 * it will.
 *
 * <p>The reference is the policy id, with the VM and the end as query:
 * {@code {policyId}?virtualMachine={vmId}&endTimeUtc={end}}.
 */
@ApplicationScoped
public class VmJitGrantProvider implements GrantProvider {

  /** Starts the justification of every initiate the broker makes: how its requests are recognised. */
  static final String MARK = "Opened just in time by jit-broker for access request ";

  // How soon to look again when the end has passed but Defender still shows a port open.
  private static final Duration LAG = Duration.ofSeconds(30);

  private final JitPolicies policies;
  private final Clock clock;

  VmJitGrantProvider(AzureClients clients, Clock clock) {
    this.policies = new JitPolicies(clients);
    this.clock = clock;
  }

  @Override
  public String grantType() {
    return "vm-jit";
  }

  @Override
  public List<Refusal> precheck(GrantCommand c) throws GrantFailure {
    Optional<JitPolicies.Vm> vm = JitPolicies.Vm.parse(c.scope());
    if (vm.isEmpty()) {
      return List.of(new Refusal("scope", "vm-jit needs the resource id of a virtual machine, such as "
          + "/subscriptions/{id}/resourceGroups/{group}/providers/Microsoft.Compute/virtualMachines/{name}"));
    }
    Optional<JitPolicies.Covering> covering = policies.covering(vm.get());
    if (covering.isEmpty()) {
      return List.of(notCovered(vm.get()));
    }
    return JitRules.check(vm.get(), covering.get().rules(), c.network(), c.duration());
  }

  @Override
  public Granted grant(GrantCommand c) throws GrantFailure {
    JitPolicies.Vm vm = JitPolicies.Vm.parse(c.scope()).orElseThrow(() -> GrantFailure.permanent(
        "vm-jit needs the resource id of a virtual machine; " + c.scope() + " is not one.", null, null));
    JitPolicies.Covering covering = policies.covering(vm)
        .orElseThrow(() -> GrantFailure.permanent(notCovered(vm).message() + " (the policy changed after approval)", null, null));
    List<Refusal> refusals = JitRules.check(vm, covering.rules(), c.network(), c.duration());
    if (!refusals.isEmpty()) {
      throw GrantFailure.permanent("The JIT policy of " + vm.name() + " changed after approval and no longer allows this: "
          + String.join("; ", refusals.stream().map(Refusal::message).toList()) + " Ask again within what it allows.",
          null, null);
    }
    // A retry after a crash finds the request it already initiated (by the request id in its
    // justification) and keeps it. Should it initiate once more all the same (the SDK's own retry of a
    // POST whose answer was lost), Defender lets the newer request replace the older one for the same
    // ports (statusReason NewerRequestInitiated): still one access, ending at the end asked for here.
    Optional<Instant> held = ours(covering.policy(), vm, c.requestId(), c.network().ports());
    if (held.isPresent()) {
      return new Granted(reference(covering.policyId(), vm, held.get()), false, held.get());
    }
    // Whole seconds, rounded down: never later than the broker's own end, and easy to match later.
    Instant end = c.endsAt().truncatedTo(ChronoUnit.SECONDS);
    policies.initiate(covering.policyId(), initiateBody(vm, c.network(), end, c));
    return new Granted(reference(covering.policyId(), vm, end), false, end);
  }

  @Override
  public void remove(Granted granted) throws GrantFailure {
    if (granted.preexisting() || granted.reference() == null) {
      return;
    }
    Reference ref = Reference.parse(granted.reference());
    Optional<JsonNode> policy = policies.get(ref.policyId());
    if (policy.isEmpty()) {
      // A deleted policy takes its JIT rules on the VM with it: nothing stays open under it.
      return;
    }
    List<Integer> open = new ArrayList<>();
    for (JsonNode request : policy.get().path("properties").path("requests")) {
      for (JsonNode port : ports(request, ref.vmId())) {
        if (ref.endTimeUtc().equals(end(port)) && "Initiated".equalsIgnoreCase(port.path("status").asText())) {
          open.add(port.path("number").asInt());
        }
      }
    }
    if (open.isEmpty()) {
      return;
    }
    Instant now = clock.instant();
    Duration wait = now.isBefore(ref.endTimeUtc()) ? Duration.between(now, ref.endTimeUtc()).plusSeconds(1) : LAG;
    throw GrantFailure.waiting("Defender for Cloud cannot close JIT ports before their end: port(s) "
        + open + " of " + ref.vmId() + " stay open until " + ref.endTimeUtc()
        + ", the end they were opened with. The broker confirms they are closed then.", wait);
  }

  /**
   * Nothing to reconcile: Defender ends every JIT request at its end time by itself, so nothing the
   * broker opened can outlive its request, and there is nothing to remove early.
   */
  @Override
  public List<Owned> owned(String scope) {
    return List.of();
  }

  @Override
  public boolean reconciles() {
    return false;
  }

  /** The end of the broker's request {@code requestId} for these ports of {@code vm}, if Defender still holds it open. */
  private static Optional<Instant> ours(JsonNode policy, JitPolicies.Vm vm, UUID requestId, List<Integer> wanted) {
    for (JsonNode request : policy.path("properties").path("requests")) {
      if (!request.path("justification").asText("").startsWith(MARK + requestId)) {
        continue;
      }
      List<Integer> open = new ArrayList<>();
      Instant end = null;
      for (JsonNode port : ports(request, vm.id())) {
        if ("Initiated".equalsIgnoreCase(port.path("status").asText())) {
          open.add(port.path("number").asInt());
          end = end(port);
        }
      }
      if (end != null && open.containsAll(wanted)) {
        return Optional.of(end);
      }
    }
    return Optional.empty();
  }

  private static List<JsonNode> ports(JsonNode request, String vmId) {
    List<JsonNode> ports = new ArrayList<>();
    for (JsonNode vm : request.path("virtualMachines")) {
      if (vm.path("id").asText().equalsIgnoreCase(vmId)) {
        vm.path("ports").forEach(ports::add);
      }
    }
    return ports;
  }

  private static Instant end(JsonNode port) {
    try {
      return Instant.parse(port.path("endTimeUtc").asText()).truncatedTo(ChronoUnit.SECONDS);
    } catch (RuntimeException e) {
      return null;
    }
  }

  private static ObjectNode initiateBody(JitPolicies.Vm vm, NetworkAccess network, Instant end, GrantCommand c) {
    ObjectNode body = JitPolicies.JSON.createObjectNode();
    ObjectNode target = body.putArray("virtualMachines").addObject().put("id", vm.id());
    ArrayNode ports = target.putArray("ports");
    for (int port : network.ports()) {
      ports.addObject().put("number", port)
          .put("allowedSourceAddressPrefix", network.sourceAddressPrefix())
          .put("endTimeUtc", end.toString());
    }
    // Defender records the broker as the requestor; the justification names whom it is for.
    body.put("justification", MARK + c.requestId() + " (principal " + c.principalId() + ")");
    return body;
  }

  private static Refusal notCovered(JitPolicies.Vm vm) {
    return new Refusal("scope", "The virtual machine " + vm.name() + " is in no just-in-time access policy of "
        + "Defender for Cloud (looked in resource group " + vm.resourceGroup() + " and subscription "
        + vm.subscription() + "). Ask the subscription's security admin to enable JIT VM access on it, then ask again.");
  }

  static String reference(String policyId, JitPolicies.Vm vm, Instant end) {
    return policyId + "?virtualMachine=" + vm.id() + "&endTimeUtc=" + end;
  }

  /** A grant reference taken apart. */
  record Reference(String policyId, String vmId, Instant endTimeUtc) {

    static Reference parse(String reference) {
      int q = reference.indexOf("?virtualMachine=");
      int e = reference.indexOf("&endTimeUtc=");
      if (q < 0 || e < q) {
        throw new IllegalArgumentException("not a vm-jit grant reference: " + reference);
      }
      return new Reference(reference.substring(0, q), reference.substring(q + "?virtualMachine=".length(), e),
          Instant.parse(reference.substring(e + "&endTimeUtc=".length())));
    }
  }
}

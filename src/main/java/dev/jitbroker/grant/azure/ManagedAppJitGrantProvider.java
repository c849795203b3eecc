package dev.jitbroker.grant.azure;

import com.azure.core.http.HttpMethod;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jitbroker.grant.GrantCommand;
import dev.jitbroker.grant.GrantFailure;
import dev.jitbroker.grant.GrantProvider;
import dev.jitbroker.grant.Granted;
import dev.jitbroker.grant.Refusal;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code managed-app-jit}: a Managed Application JIT request ({@code Microsoft.Solutions/jitRequests},
 * 2021-07-01) for a publisher engineer on a customer's managed application. Azure ends the access at
 * the end of the request's schedule; the customer (or Azure, with automatic approval) approves it.
 *
 * <p>The JIT request is named by the access request's id, in the application's resource group, so
 * every attempt finds the one the first attempt made. A denial is diagnosed, not just reported: the
 * known cause is a customer tenant without Entra ID P2.
 */
@ApplicationScoped
public class ManagedAppJitGrantProvider implements GrantProvider {

  /** The tag that marks a JIT request as the broker's; its value is the access request's id. */
  static final String MARK = "jit-broker-request";
  private static final List<String> PROVISIONED = List.of("Succeeded", "Failed", "Canceled");

  private final AzureClients clients;
  private final RoleResolver roles;
  private final SolutionsRest rest;
  private final ManagedAppJitSettings settings;

  ManagedAppJitGrantProvider(AzureClients clients, RoleResolver roles, ManagedAppJitSettings settings) {
    this.clients = clients;
    this.roles = roles;
    this.rest = new SolutionsRest(clients);
    this.settings = settings;
  }

  @Override
  public String grantType() {
    return "managed-app-jit";
  }

  @Override
  public List<Refusal> precheck(GrantCommand c) throws GrantFailure {
    Optional<ManagedAppId> parsed = ManagedAppId.parse(c.scope());
    if (parsed.isEmpty()) {
      return List.of(new Refusal("scope", ManagedAppJitDiagnoses.notAnApplication(c.scope())));
    }
    ManagedAppId app = parsed.get();
    Optional<JsonNode> found = rest.get(app.id(), "Reading managed application " + app.id());
    if (found.isEmpty()) {
      return List.of(new Refusal("scope", ManagedAppJitDiagnoses.noApplication(app)));
    }
    JsonNode policy = found.get().path("properties").path("jitAccessPolicy");
    if (!policy.path("jitAccessEnabled").asBoolean(false)) {
      return List.of(new Refusal("scope", ManagedAppJitDiagnoses.jitOff(app)));
    }
    String maximum = policy.path("maximumJitAccessDuration").asText("");
    Optional<Duration> max = duration(maximum);
    if (max.isPresent() && c.duration().compareTo(max.get()) > 0) {
      return List.of(new Refusal("duration", ManagedAppJitDiagnoses.tooLong(app, maximum)));
    }
    return List.of();
  }

  @Override
  public Granted grant(GrantCommand c) throws GrantFailure {
    ManagedAppId app = ManagedAppId.parse(c.scope()).orElseThrow(() ->
        GrantFailure.permanent(ManagedAppJitDiagnoses.notAnApplication(c.scope()), "InvalidScope", null));
    String id = app.jitRequestId(c.requestId());
    String reading = "Reading JIT request " + id;
    Optional<JsonNode> jit = rest.get(id, reading);
    if (jit.isEmpty()) {
      SolutionsRest.Reply created = create(c, app, id);
      ArmOperation.Progress progress = ArmOperation.follow(rest, created, settings.operationPatience(), "Creating JIT request " + id);
      if (!progress.done()) {
        throw GrantFailure.waiting(ManagedAppJitDiagnoses.creating(id, provisioning(created.body())), progress.retryAfter());
      }
      jit = rest.get(id, reading);
      if (jit.isEmpty()) {
        throw GrantFailure.transientFailure("JIT request " + id + " was created but ARM does not find it yet.", null, null, null);
      }
    }
    return outcome(app, id, jit.get());
  }

  private SolutionsRest.Reply create(GrantCommand c, ManagedAppId app, String id) throws GrantFailure {
    String roleDefinitionId = roles.roleDefinitionId(c.scope(), c.role());
    // Azure enforces the end: the window ends at endsAt (for an extension, it starts where the held access ends).
    Instant start = c.endsAt().minus(c.duration());
    ObjectNode body = SolutionsRest.json().createObjectNode();
    body.putObject("tags").put(MARK, c.requestId().toString());
    ObjectNode p = body.putObject("properties");
    p.put("applicationResourceId", app.id());
    p.putArray("jitAuthorizationPolicies").addObject()
        .put("principalId", c.principalId())
        // The spec's example carries the role definition's GUID, not its path.
        .put("roleDefinitionId", roleDefinitionId.substring(roleDefinitionId.lastIndexOf('/') + 1));
    p.putObject("jitSchedulingPolicy")
        .put("type", "Once")
        .put("duration", c.duration().toString())
        .put("startTime", start.toString());
    clients.pace(id);
    return rest.send(HttpMethod.PUT, id, body, "Creating JIT request " + id + " on " + app.id());
  }

  private Granted outcome(ManagedAppId app, String id, JsonNode jit) throws GrantFailure {
    String provisioning = provisioning(jit);
    if (!PROVISIONED.contains(provisioning)) {
      throw GrantFailure.waiting(ManagedAppJitDiagnoses.creating(id, provisioning), null);
    }
    String state = jit.path("properties").path("jitRequestState").asText("NotSpecified");
    return switch (state) {
      case "Approved" -> new Granted(id, false, scheduledEnd(jit));
      case "Denied" -> throw GrantFailure.permanent(ManagedAppJitDiagnoses.denied(app, id, clients.armEndpoint()),
          "JitRequestDenied", null);
      case "Failed", "Timeout", "Canceled", "Expired" -> throw GrantFailure.permanent(ManagedAppJitDiagnoses.ended(id, state),
          "JitRequest" + state, null);
      default -> {
        if (!"Succeeded".equals(provisioning)) {
          throw GrantFailure.permanent("Azure could not create JIT request " + id + " (provisioningState " + provisioning
              + "). Submit a new request; if it fails again, ask with grantType azure-rbac.", "JitRequestNotProvisioned", null);
        }
        throw GrantFailure.waiting(ManagedAppJitDiagnoses.pending(id), settings.approvalPoll());
      }
    };
  }

  /**
   * Deletes the JIT request, which is the one way the API offers to end it early. A request already gone
   * (deleted, or removed by Azure after it expired) counts as removed.
   */
  @Override
  public void remove(Granted granted) throws GrantFailure {
    if (granted.preexisting() || granted.reference() == null) {
      return;
    }
    clients.pace(granted.reference());
    rest.send(HttpMethod.DELETE, granted.reference(), null, "Deleting JIT request " + granted.reference());
  }

  @Override
  public List<Owned> owned(String scope) throws GrantFailure {
    Optional<ManagedAppId> app = ManagedAppId.parse(scope);
    if (app.isEmpty()) {
      return List.of();
    }
    List<Owned> owned = new ArrayList<>();
    String page = app.get().jitRequests();
    while (page != null) {
      JsonNode list = rest.send(HttpMethod.GET, page, null, "Listing JIT requests of " + scope).body();
      for (JsonNode r : list.path("value")) {
        if (r.path("tags").has(MARK) && app.get().id().equalsIgnoreCase(r.path("properties").path("applicationResourceId").asText())) {
          owned.add(new Owned(r.path("id").asText(), r.path("properties").path("jitAuthorizationPolicies").path(0)
              .path("principalId").asText(null), instant(r.path("systemData").path("createdAt").asText(null))));
        }
      }
      String next = list.path("nextLink").asText(null);
      page = next != null && rest.onArm(next) ? next : null;
    }
    return owned;
  }

  private static String provisioning(JsonNode jit) {
    return jit.path("properties").path("provisioningState").asText("Accepted");
  }

  private static Instant instant(String text) {
    try {
      return text == null ? null : java.time.OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  private static Optional<Duration> duration(String iso) {
    try {
      return iso.isEmpty() ? Optional.empty() : Optional.of(Duration.parse(iso));
    } catch (DateTimeParseException e) {
      // A period Duration cannot read (e.g. months): let Azure judge it when the request is made.
      return Optional.empty();
    }
  }

  /** Azure's end of this JIT access: its schedule's start plus its duration (null if Azure did not say). */
  private static Instant scheduledEnd(JsonNode jit) {
    JsonNode schedule = jit.path("properties").path("jitSchedulingPolicy");
    try {
      return Instant.parse(schedule.path("startTime").asText())
          .plus(java.time.Duration.parse(schedule.path("duration").asText()));
    } catch (RuntimeException e) {
      return null;
    }
  }
}

package dev.jitbroker.grant.azure;

import com.azure.core.util.Context;
import com.azure.resourcemanager.authorization.fluent.AuthorizationManagementClient;
import com.azure.resourcemanager.authorization.fluent.models.RoleAssignmentScheduleInner;
import com.azure.resourcemanager.authorization.fluent.models.RoleAssignmentScheduleRequestInner;
import com.azure.resourcemanager.authorization.models.RequestType;
import com.azure.resourcemanager.authorization.models.RoleAssignmentScheduleRequestPropertiesScheduleInfo;
import com.azure.resourcemanager.authorization.models.RoleAssignmentScheduleRequestPropertiesScheduleInfoExpiration;
import com.azure.resourcemanager.authorization.models.Status;
import com.azure.resourcemanager.authorization.models.Type;
import dev.jitbroker.grant.GrantCommand;
import dev.jitbroker.grant.GrantFailure;
import dev.jitbroker.grant.GrantProvider;
import dev.jitbroker.grant.Granted;
import dev.jitbroker.grant.Refusal;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * {@code azure-pim}: an active role assignment made by a Privileged Identity Management schedule
 * request, so Azure itself ends the access at the request's end. Needs Entra ID P2 in the tenant.
 *
 * <p>Each request's schedule request is named by a name-based UUID of the access request and the
 * action, so a retried PUT makes nothing twice. When the broker's assignment of the same access is
 * already active (an overlapping request, an extension), its end is moved out, never in.
 */
@ApplicationScoped
public class PimGrantProvider implements GrantProvider {

  /** Starts the justification of every schedule request the broker makes: how it knows its own. */
  static final String MARK = "Granted just in time by jit-broker (PIM) for access request ";

  static final String NO_P2 = "Azure refused the PIM request: the tenant has no Microsoft Entra ID P2 licence "
      + "(AadPremiumLicenseRequired), which Privileged Identity Management needs. Ask for this access with grantType "
      + "azure-rbac instead (it needs no P2; jit-broker ends that access itself), or ask the tenant's administrator "
      + "to add Entra ID P2 or Entra ID Governance licences.";

  private static final String LICENCE_MISSING = "AadPremiumLicenseRequired";
  private static final String SCHEDULES = "/providers/Microsoft.Authorization/roleAssignmentSchedules/";
  private static final Duration PENDING_POLL = Duration.ofSeconds(10);
  private static final Set<Status> DONE = Set.of(Status.PROVISIONED, Status.GRANTED, Status.SCHEDULE_CREATED);
  private static final Set<Status> REFUSED = Set.of(Status.DENIED, Status.FAILED, Status.CANCELED, Status.REVOKED,
      Status.ADMIN_DENIED, Status.TIMED_OUT, Status.INVALID, Status.FAILED_AS_RESOURCE_IS_LOCKED);

  private final AzureClients clients;
  private final RoleResolver roles;
  private final Clock clock;

  PimGrantProvider(AzureClients clients, RoleResolver roles, Clock clock) {
    this.clients = clients;
    this.roles = roles;
    this.clock = clock;
  }

  @Override
  public String grantType() {
    return "azure-pim";
  }

  /** Refuses at submit, before anyone approves, when the tenant has no P2 licence (a PIM read says so). */
  @Override
  public List<Refusal> precheck(GrantCommand c) throws GrantFailure {
    try {
      // Nothing is stored yet, so there is no request to audit this read against: it is not recorded.
      arm().getRoleAssignmentSchedules().listForScope(c.scope(), principalFilter(c.principalId()), Context.NONE)
          .iterator().hasNext();
      return List.of();
    } catch (RuntimeException e) {
      if (LICENCE_MISSING.equals(ArmErrors.code(e))) {
        return List.of(new Refusal("grantType", NO_P2));
      }
      throw ArmErrors.translate(e, "Checking PIM at " + c.scope());
    }
  }

  @Override
  public Granted grant(GrantCommand c) throws GrantFailure {
    String roleDefinitionId = roles.roleDefinitionId(c.scope(), c.role());
    String name = requestName(c.requestId().toString(), RequestType.ADMIN_ASSIGN);
    RoleAssignmentScheduleRequestInner body = new RoleAssignmentScheduleRequestInner()
        .withPrincipalId(c.principalId())
        .withRoleDefinitionId(roleDefinitionId)
        .withRequestType(RequestType.ADMIN_ASSIGN)
        .withJustification(MARK + c.requestId())
        .withScheduleInfo(until(c.endsAt()));
    clients.pace(c.scope());
    try {
      RoleAssignmentScheduleRequestInner made = arm().getRoleAssignmentScheduleRequests()
          .createWithResponse(c.scope(), name, body, ArmCallRecorder.context()).getValue();
      return new Granted(scheduleOf(made, c.scope()), false, c.endsAt());
    } catch (RuntimeException e) {
      if (LICENCE_MISSING.equals(ArmErrors.code(e))) {
        throw GrantFailure.permanent(NO_P2, LICENCE_MISSING, e);
      }
      if (ArmErrors.status(e) == 400 || ArmErrors.status(e) == 409) {
        // A retry of a PUT that reached Azure before: that request is the grant.
        Optional<RoleAssignmentScheduleRequestInner> earlier = request(c.scope(), name);
        if (earlier.isPresent()) {
          return new Granted(scheduleOf(earlier.get(), c.scope()), false, endOf(earlier.get()));
        }
        if ("RoleAssignmentExists".equals(ArmErrors.code(e))) {
          return overlapping(c, roleDefinitionId);
        }
      }
      throw ArmErrors.translate(e, "Assigning the role by PIM schedule request " + name + " at " + c.scope());
    }
  }

  /**
   * The access is already active: the broker's own assignment is extended to this request's end when
   * that is later (never shortened); anyone else's is standing access, recorded and never removed.
   */
  private Granted overlapping(GrantCommand c, String roleDefinitionId) throws GrantFailure {
    Optional<RoleAssignmentScheduleInner> active = activeSchedule(c.scope(), c.principalId(), roleDefinitionId);
    if (active.isEmpty()) {
      // A plain role assignment, not a PIM schedule: standing access.
      return new Granted(RbacGrantProvider.existing(arm(), c.scope(), c.principalId(), roleDefinitionId), true);
    }
    RoleAssignmentScheduleInner schedule = active.get();
    if (!brokers(schedule)) {
      return new Granted(schedule.id(), true);
    }
    Instant end = schedule.endDateTime() == null ? null : schedule.endDateTime().toInstant();
    if (end != null && end.isBefore(c.endsAt())) {
      extend(c, schedule);
    }
    return new Granted(schedule.id(), false, c.endsAt());
  }

  private void extend(GrantCommand c, RoleAssignmentScheduleInner schedule) throws GrantFailure {
    String name = requestName(c.requestId().toString(), RequestType.ADMIN_EXTEND);
    RoleAssignmentScheduleRequestInner body = new RoleAssignmentScheduleRequestInner()
        .withPrincipalId(schedule.principalId())
        .withRoleDefinitionId(schedule.roleDefinitionId())
        .withRequestType(RequestType.ADMIN_EXTEND)
        .withTargetRoleAssignmentScheduleId(schedule.id())
        .withJustification(MARK + c.requestId())
        .withScheduleInfo(until(c.endsAt()));
    clients.pace(c.scope());
    try {
      RoleAssignmentScheduleRequestInner made = arm().getRoleAssignmentScheduleRequests()
          .createWithResponse(c.scope(), name, body, ArmCallRecorder.context()).getValue();
      scheduleOf(made, c.scope());
    } catch (RuntimeException e) {
      Optional<RoleAssignmentScheduleRequestInner> earlier =
          ArmErrors.status(e) == 400 || ArmErrors.status(e) == 409 ? request(c.scope(), name) : Optional.empty();
      if (earlier.isEmpty()) {
        throw ArmErrors.translate(e, "Extending the PIM assignment " + schedule.id() + " to " + c.endsAt());
      }
      scheduleOf(earlier.get(), c.scope());
    }
  }

  @Override
  public void remove(Granted granted) throws GrantFailure {
    if (granted.preexisting() || granted.reference() == null) {
      return;
    }
    Optional<RoleAssignmentScheduleInner> schedule = schedule(granted.reference());
    if (schedule.isEmpty() || ended(schedule.get())) {
      return;
    }
    RoleAssignmentScheduleInner s = schedule.get();
    String name = requestName(granted.reference().toLowerCase(Locale.ROOT), RequestType.ADMIN_REMOVE);
    RoleAssignmentScheduleRequestInner body = new RoleAssignmentScheduleRequestInner()
        .withPrincipalId(s.principalId())
        .withRoleDefinitionId(s.roleDefinitionId())
        .withRequestType(RequestType.ADMIN_REMOVE)
        .withTargetRoleAssignmentScheduleId(s.id())
        .withJustification("Access ended; removed by jit-broker");
    String scope = scopeOf(granted.reference());
    clients.pace(scope);
    try {
      arm().getRoleAssignmentScheduleRequests().createWithResponse(scope, name, body, ArmCallRecorder.context());
    } catch (RuntimeException e) {
      // Gone meanwhile (ended by Azure, removed by a retry that reached Azure): removed.
      if ((ArmErrors.status(e) == 400 || ArmErrors.status(e) == 404 || ArmErrors.status(e) == 409)
          && schedule(granted.reference()).map(this::ended).orElse(true)) {
        return;
      }
      throw ArmErrors.translate(e, "Removing the PIM assignment " + granted.reference());
    }
  }

  @Override
  public List<Owned> owned(String scope) throws GrantFailure {
    try {
      Set<String> ours = new HashSet<>();
      for (RoleAssignmentScheduleRequestInner r : arm().getRoleAssignmentScheduleRequests()
          .listForScope(scope, "atScope()", ArmCallRecorder.context())) {
        if (RequestType.ADMIN_ASSIGN.equals(r.requestType()) && r.justification() != null
            && r.justification().startsWith(MARK) && r.targetRoleAssignmentScheduleId() != null) {
          ours.add(scheduleId(r.targetRoleAssignmentScheduleId(), r.scope() == null ? scope : r.scope()).toLowerCase(Locale.ROOT));
        }
      }
      List<Owned> owned = new ArrayList<>();
      for (RoleAssignmentScheduleInner s : arm().getRoleAssignmentSchedules()
          .listForScope(scope, "atScope()", ArmCallRecorder.context())) {
        if (scope.equalsIgnoreCase(s.scope()) && ours.contains(s.id().toLowerCase(Locale.ROOT)) && !ended(s)) {
          owned.add(new Owned(s.id(), s.principalId(), s.createdOn() == null ? null : s.createdOn().toInstant()));
        }
      }
      return owned;
    } catch (RuntimeException e) {
      if (LICENCE_MISSING.equals(ArmErrors.code(e))) {
        throw GrantFailure.permanent(NO_P2, LICENCE_MISSING, e);
      }
      throw ArmErrors.translate(e, "Listing PIM assignments at " + scope);
    }
  }

  /** The schedule a finished request made or changed; waits while Azure still works on it, fails when it refused. */
  private String scheduleOf(RoleAssignmentScheduleRequestInner r, String scope) throws GrantFailure {
    Status status = r.status();
    if (status == null || DONE.contains(status)) {
      return scheduleId(r.targetRoleAssignmentScheduleId() == null ? r.name() : r.targetRoleAssignmentScheduleId(),
          r.scope() == null ? scope : r.scope());
    }
    if (REFUSED.contains(status)) {
      throw GrantFailure.permanent("Azure did not carry out the PIM schedule request " + r.id() + ": its status is "
          + status + ". Check the role's PIM settings at " + scope + " (approval, maximum duration, justification rules).",
          status.toString(), null);
    }
    throw GrantFailure.waiting("PIM schedule request " + r.name() + " is " + status, PENDING_POLL);
  }

  private Optional<RoleAssignmentScheduleRequestInner> request(String scope, String name) throws GrantFailure {
    try {
      return Optional.of(arm().getRoleAssignmentScheduleRequests().getWithResponse(scope, name, ArmCallRecorder.context()).getValue());
    } catch (RuntimeException e) {
      if (ArmErrors.status(e) == 404) {
        return Optional.empty();
      }
      throw ArmErrors.translate(e, "Reading the PIM schedule request " + name + " at " + scope);
    }
  }

  private Optional<RoleAssignmentScheduleInner> schedule(String id) throws GrantFailure {
    try {
      return Optional.of(arm().getRoleAssignmentSchedules()
          .getWithResponse(scopeOf(id), id.substring(id.lastIndexOf('/') + 1), ArmCallRecorder.context()).getValue());
    } catch (RuntimeException e) {
      if (ArmErrors.status(e) == 404) {
        return Optional.empty();
      }
      throw ArmErrors.translate(e, "Reading the PIM assignment " + id);
    }
  }

  private Optional<RoleAssignmentScheduleInner> activeSchedule(String scope, String principalId, String roleDefinitionId)
      throws GrantFailure {
    String role = roleDefinitionId.substring(roleDefinitionId.lastIndexOf('/') + 1).toLowerCase(Locale.ROOT);
    try {
      for (RoleAssignmentScheduleInner s : arm().getRoleAssignmentSchedules()
          .listForScope(scope, principalFilter(principalId), ArmCallRecorder.context())) {
        if (scope.equalsIgnoreCase(s.scope()) && s.roleDefinitionId() != null
            && s.roleDefinitionId().toLowerCase(Locale.ROOT).endsWith(role) && !ended(s)) {
          return Optional.of(s);
        }
      }
      return Optional.empty();
    } catch (RuntimeException e) {
      throw ArmErrors.translate(e, "Listing the PIM assignments of " + principalId + " at " + scope);
    }
  }

  /** Whether the broker's schedule request made this schedule (its justification carries the broker's mark). */
  private boolean brokers(RoleAssignmentScheduleInner s) throws GrantFailure {
    String requestId = s.roleAssignmentScheduleRequestId();
    if (requestId == null) {
      return false;
    }
    return request(scopeOf(requestId), requestId.substring(requestId.lastIndexOf('/') + 1))
        .map(r -> r.justification() != null && r.justification().startsWith(MARK))
        .orElse(false);
  }

  private boolean ended(RoleAssignmentScheduleInner s) {
    return s.endDateTime() != null && !s.endDateTime().toInstant().isAfter(clock.instant());
  }

  // An absolute end: the same on every retry, and what an extension needs (the held end plus the duration).
  private RoleAssignmentScheduleRequestPropertiesScheduleInfo until(Instant endsAt) {
    return new RoleAssignmentScheduleRequestPropertiesScheduleInfo()
        .withStartDateTime(clock.instant().atOffset(ZoneOffset.UTC))
        .withExpiration(new RoleAssignmentScheduleRequestPropertiesScheduleInfoExpiration()
            .withType(Type.AFTER_DATE_TIME)
            .withEndDateTime(endsAt.atOffset(ZoneOffset.UTC)));
  }

  private AuthorizationManagementClient arm() {
    return clients.authorization();
  }

  // The schedule filter is not marked "skip URL encoding", so the SDK encodes it.
  private static String principalFilter(String principalId) {
    return "principalId eq '" + principalId.replace("'", "''") + "'";
  }

  /** The schedule's full id: Azure may answer with the GUID alone (as the spec's example does). */
  static String scheduleId(String target, String scope) {
    if (target.startsWith("/")) {
      return target;
    }
    String s = scope.endsWith("/") ? scope.substring(0, scope.length() - 1) : scope;
    return s + SCHEDULES + target;
  }

  /** The scope an ARM id of a Microsoft.Authorization item lies at. */
  static String scopeOf(String id) {
    int at = id.toLowerCase(Locale.ROOT).lastIndexOf("/providers/microsoft.authorization/");
    return at <= 0 ? "/" : id.substring(0, at);
  }

  /** The schedule request name for one action on one thing: the same inputs always give the same name. */
  static String requestName(String subject, RequestType action) {
    String key = "jit-broker|pim|" + subject + "|" + action;
    return UUID.nameUUIDFromBytes(key.getBytes(StandardCharsets.UTF_8)).toString();
  }

  /** The end an earlier schedule request asked Azure for, or null (then the broker's own count applies). */
  private static Instant endOf(RoleAssignmentScheduleRequestInner request) {
    var info = request.scheduleInfo();
    if (info == null || info.expiration() == null || info.expiration().endDateTime() == null) {
      return null;
    }
    return info.expiration().endDateTime().toInstant();
  }
}

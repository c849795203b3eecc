package dev.jitbroker.sandbox;

import java.time.Instant;

/**
 * An active PIM role assignment schedule: a principal holds a role at a scope from {@code start}
 * until {@code end} (null: no end). Its role assignment has the same name.
 *
 * @param requestId the ARM id of the schedule request that created it
 */
record PimSchedule(
    String scope,
    String name,
    String principalId,
    String principalType,
    String roleDefinitionId,
    Instant start,
    Instant end,
    String requestId,
    Instant createdOn,
    Instant updatedOn) {

  PimSchedule {
    scope = ArmPath.normalize(scope);
  }

  String id() {
    return PimPath.id(scope, PimPath.Collection.SCHEDULES, name);
  }

  boolean holds(String otherScope, String otherPrincipalId, String roleDefinitionName) {
    return ArmPath.sameScope(scope, otherScope) && principalId.equalsIgnoreCase(otherPrincipalId)
        && roleDefinitionId.substring(roleDefinitionId.lastIndexOf('/') + 1).equalsIgnoreCase(roleDefinitionName);
  }

  boolean endedBy(Instant now) {
    return end != null && !end.isAfter(now);
  }

  PimSchedule until(Instant newEnd, Instant now) {
    return new PimSchedule(scope, name, principalId, principalType, roleDefinitionId, start, newEnd, requestId,
        createdOn, now);
  }
}

package dev.jitbroker.sandbox;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;

/** The JSON shapes of the PIM spec (Authorization 2020-10-01): schedule requests and schedules. */
final class PimJson {

  private PimJson() {}

  /** A role assignment schedule request, as stored. */
  record Request(
      String scope,
      String name,
      String principalId,
      String principalType,
      String roleDefinitionId,
      String requestType,
      String status,
      String targetScheduleName,
      Instant start,
      String expirationType,
      Instant end,
      String duration,
      String justification,
      String requestorId,
      Instant createdOn) {

    Request {
      scope = ArmPath.normalize(scope);
    }

    String id() {
      // The spec's examples spell the type with a capital R in ids.
      return PimPath.id(scope, PimPath.Collection.REQUESTS, name).replace("/roleAssignmentScheduleRequests/",
          "/RoleAssignmentScheduleRequests/");
    }
  }

  static ObjectNode request(Request r) {
    ObjectNode root = ArmJson.MAPPER.createObjectNode();
    ObjectNode p = root.putObject("properties");
    // The spec's example gives the schedule as its GUID alone.
    p.put("targetRoleAssignmentScheduleId", r.targetScheduleName());
    p.putNull("targetRoleAssignmentScheduleInstanceId");
    p.put("scope", r.scope());
    p.put("roleDefinitionId", r.roleDefinitionId());
    p.put("principalId", r.principalId());
    p.put("principalType", r.principalType());
    p.put("requestType", r.requestType());
    p.put("status", r.status());
    p.putNull("approvalId");
    ObjectNode schedule = p.putObject("scheduleInfo");
    schedule.put("startDateTime", time(r.start()));
    ObjectNode expiration = schedule.putObject("expiration");
    expiration.put("type", r.expirationType());
    expiration.put("endDateTime", time(r.end()));
    expiration.put("duration", r.duration());
    ObjectNode ticket = p.putObject("ticketInfo");
    ticket.putNull("ticketNumber");
    ticket.putNull("ticketSystem");
    p.put("justification", r.justification());
    p.put("requestorId", r.requestorId());
    p.put("createdOn", time(r.createdOn()));
    p.putNull("condition");
    p.putNull("conditionVersion");
    expanded(p, r.scope(), r.roleDefinitionId(), r.principalId(), r.principalType());
    root.put("name", r.name());
    root.put("id", r.id());
    root.put("type", "Microsoft.Authorization/RoleAssignmentScheduleRequests");
    return root;
  }

  static ObjectNode schedule(PimSchedule s) {
    ObjectNode root = ArmJson.MAPPER.createObjectNode();
    ObjectNode p = root.putObject("properties");
    p.put("scope", s.scope());
    p.put("roleDefinitionId", s.roleDefinitionId());
    p.put("principalId", s.principalId());
    p.put("principalType", s.principalType());
    p.put("roleAssignmentScheduleRequestId", s.requestId());
    p.putNull("linkedRoleEligibilityScheduleId");
    p.put("assignmentType", "Assigned");
    p.put("memberType", "Direct");
    p.put("status", "Provisioned");
    p.put("startDateTime", time(s.start()));
    p.put("endDateTime", time(s.end()));
    p.putNull("condition");
    p.putNull("conditionVersion");
    p.put("createdOn", time(s.createdOn()));
    p.put("updatedOn", time(s.updatedOn()));
    expanded(p, s.scope(), s.roleDefinitionId(), s.principalId(), s.principalType());
    root.put("id", s.id());
    root.put("name", s.name());
    root.put("type", "Microsoft.Authorization/roleAssignmentSchedules");
    return root;
  }

  private static void expanded(ObjectNode p, String scope, String roleDefinitionId, String principalId, String principalType) {
    ObjectNode e = p.putObject("expandedProperties");
    e.putObject("scope").put("id", scope).put("type", scopeType(scope));
    e.putObject("roleDefinition").put("id", roleDefinitionId).put("type", "BuiltInRole");
    e.putObject("principal").put("id", principalId).put("type", principalType);
  }

  private static String scopeType(String scope) {
    int depth = ArmPath.normalize(scope).split("/").length - 1;
    return depth <= 2 ? "subscription" : depth <= 4 ? "resourcegroup" : "resource";
  }

  private static String time(Instant instant) {
    return instant == null ? null : instant.toString();
  }
}

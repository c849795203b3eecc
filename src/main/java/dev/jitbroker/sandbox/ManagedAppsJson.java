package dev.jitbroker.sandbox;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;

/** The JSON shapes of the Microsoft.Solutions 2021-07-01 spec: Application, JitRequestDefinition and operation status. */
final class ManagedAppsJson {

  private ManagedAppsJson() {}

  static ObjectNode application(ManagedApps.App stored, Instant now) {
    ManagedApps.AppSpec app = stored.at(now);
    String name = app.id().substring(app.id().lastIndexOf('/') + 1);
    String subscription = app.id().split("/")[2];
    ObjectNode root = ArmJson.MAPPER.createObjectNode();
    root.put("id", app.id());
    root.put("name", name);
    root.put("type", "Microsoft.Solutions/applications");
    root.put("location", app.location());
    root.put("kind", "MarketPlace");
    root.putNull("managedBy");
    ObjectNode p = root.putObject("properties");
    p.put("managedResourceGroupId", "/subscriptions/" + subscription + "/resourceGroups/mrg-" + name);
    p.put("provisioningState", stored.updating(now) ? "Updating" : "Succeeded");
    p.put("publisherTenantId", ManagedApps.PUBLISHER_TENANT);
    p.put("customerTenantId", app.customerTenantId());
    ObjectNode jit = p.putObject("jitAccessPolicy");
    jit.put("jitAccessEnabled", app.jitEnabled());
    if (app.jitEnabled()) {
      jit.put("jitApprovalMode", app.approval().wire);
      jit.putArray("jitApprovers");
      jit.put("maximumJitAccessDuration", app.maximumJitDuration().toString());
    }
    return root;
  }

  static ObjectNode jitRequest(ManagedApps.JitRequest r, Instant now) {
    ObjectNode root = ArmJson.MAPPER.createObjectNode();
    ObjectNode p = root.putObject("properties");
    p.put("applicationResourceId", r.applicationId());
    p.put("publisherTenantId", ManagedApps.PUBLISHER_TENANT);
    p.putArray("jitAuthorizationPolicies").addObject()
        .put("principalId", r.principalId())
        .put("roleDefinitionId", r.roleDefinitionId());
    p.putObject("jitSchedulingPolicy")
        .put("type", "Once")
        .put("duration", r.duration().toString())
        .put("startTime", r.startTime().toString());
    p.put("provisioningState", r.provisioning(now));
    p.put("jitRequestState", r.state(now));
    p.putObject("createdBy").put("oid", "").put("applicationId", "");
    p.putObject("updatedBy").put("oid", "").put("applicationId", "");
    root.put("id", r.id());
    root.put("name", r.id().substring(r.id().lastIndexOf('/') + 1));
    root.put("type", "Microsoft.Solutions/jitRequests");
    root.put("location", r.location());
    ObjectNode tags = root.putObject("tags");
    r.tags().forEach(tags::put);
    root.putObject("systemData").put("createdAt", r.createdAt().toString()).put("lastModifiedAt", r.createdAt().toString());
    return root;
  }

  /** ARM's async operation status: InProgress until done, then Succeeded. */
  static ObjectNode operation(ManagedApps.Operation op, boolean done) {
    ObjectNode root = ArmJson.MAPPER.createObjectNode();
    root.put("id", op.path().formatted("operationStatuses"));
    root.put("name", op.id());
    root.put("status", done ? "Succeeded" : "InProgress");
    root.put("startTime", op.startedAt().toString());
    if (done) {
      root.put("endTime", op.doneAt().toString());
    }
    return root;
  }
}

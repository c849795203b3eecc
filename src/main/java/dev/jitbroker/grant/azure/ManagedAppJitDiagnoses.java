package dev.jitbroker.grant.azure;

/** What a person reads when a Managed Application JIT request does not give access: what happened, why, what to do. */
final class ManagedAppJitDiagnoses {

  /** The body of the PATCH that turns JIT off on a managed application. */
  static final String JIT_OFF = "{\"properties\":{\"jitAccessPolicy\":{\"jitAccessEnabled\":false}}}";

  private ManagedAppJitDiagnoses() {}

  static String notAnApplication(String scope) {
    return "'" + scope + "' is not a managed application. The scope of a managed-app-jit request is the application's id: "
        + "/subscriptions/{subscription}/resourceGroups/{group}/providers/Microsoft.Solutions/applications/{name}.";
  }

  static String noApplication(ManagedAppId app) {
    return "There is no managed application " + app.id() + ", or the broker's identity cannot read it. "
        + "Check the id; the broker needs read access to the application.";
  }

  static String jitOff(ManagedAppId app) {
    return "Managed application " + app.id() + " has JIT access turned off, so Azure takes no JIT requests for it: "
        + "the publisher's authorizations there are standing. Use them, or ask with grantType azure-rbac.";
  }

  static String tooLong(ManagedAppId app, String maximum) {
    return "Managed application " + app.id() + " allows JIT access of at most " + maximum + ". Ask for " + maximum + " or less.";
  }

  static String pending(String jitRequestId) {
    return "Waiting for the customer to approve JIT request " + jitRequestId + " (jitRequestState Pending). "
        + "The customer approves it on the managed application's JIT access page in the Azure portal.";
  }

  static String creating(String jitRequestId, String provisioningState) {
    return "Azure is still creating JIT request " + jitRequestId + " (provisioningState " + provisioningState + ").";
  }

  /** Denied: almost always the customer's tenant lacks Entra ID P2, which Azure does not say. */
  static String denied(ManagedAppId app, String jitRequestId, String armEndpoint) {
    return "Azure denied JIT request " + jitRequestId + " and gave no reason. Unless the customer's approver denied it, "
        + "the known cause is that the customer's tenant has JIT access on for this managed application but no "
        + "Microsoft Entra ID P2 licence, which JIT needs: every JIT request there is denied. Ways out: "
        + "(a) the customer turns JIT off on the application (the portal cannot; ARM can): PATCH " + armEndpoint + app.id()
        + "?api-version=" + SolutionsRest.API_VERSION + " with body " + JIT_OFF + "; it answers 202 with an "
        + "Azure-AsyncOperation URL to poll (GET) until its status is Succeeded; the publisher's authorizations then apply "
        + "without JIT. (b) The customer gets one Entra ID P2 licence in that tenant. "
        + "(c) Ask again with grantType azure-rbac, which needs no P2.";
  }

  /** Failed, Timeout, Canceled, Expired: the JIT request ended without access. */
  static String ended(String jitRequestId, String state) {
    String what = switch (state) {
      case "Timeout" -> "nobody in the customer's tenant approved it in time. Ask the customer to watch for JIT "
          + "requests (or to switch the application to automatic approval), then submit a new request.";
      case "Canceled" -> "it was cancelled in Azure by the customer or the publisher. Submit a new request if the access is "
          + "still needed.";
      case "Expired" -> "its window ended before access was recorded (it may have waited for approval too long). "
          + "Submit a new request.";
      default -> "Azure could not carry it out. Check the application's JIT settings (eligible roles, maximum duration) "
          + "and submit a new request; if it fails again, ask with grantType azure-rbac.";
    };
    return "JIT request " + jitRequestId + " ended " + state + " without giving access: " + what;
  }
}

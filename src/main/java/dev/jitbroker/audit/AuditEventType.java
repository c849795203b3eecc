package dev.jitbroker.audit;

/** The kinds of audit events. Their codes are a public contract: never rename one, only add. */
public enum AuditEventType {
  REQUEST_SUBMITTED("request.submitted"),
  REQUEST_APPROVED("request.approved"),
  REQUEST_DENIED("request.denied"),
  REQUEST_CANCELLED("request.cancelled"),
  REQUEST_REVOKED("request.revoked"),
  REQUEST_TIMED_OUT("request.timed_out"),
  /** A decision that leaves the request pending (the quorum is not reached yet). */
  REQUEST_DECISION_RECORDED("request.decision_recorded"),
  /** Access exists in Azure; the request's clock runs from now. */
  REQUEST_ACTIVATED("request.activated"),
  /** A grant or a removal failed for now and will be tried again. */
  REQUEST_GRANT_RETRY("request.grant_retry"),
  /** The grant failed for good. */
  REQUEST_FAILED("request.failed"),
  /** The end time passed and the access is gone. */
  REQUEST_EXPIRED("request.expired"),
  /** The access of a revoked request is gone. */
  REQUEST_ACCESS_REMOVED("request.access_removed"),
  /** The reconciler removed an assignment the broker made that no request holds (e.g. after a crash). */
  GRANT_ORPHAN_REMOVED("grant.orphan_removed"),
  /** An active request's access is missing in Azure: someone removed it out of band. */
  GRANT_DRIFT("grant.drift"),
  /** One HTTP call to Azure Resource Manager. */
  AZURE_CALL("azure.call"),
  /** The active policy was replaced (from the file at start-up, or through the API). */
  POLICY_CHANGED("policy.changed"),
  /** An inbound decision callback (signed webhook, Slack) refused; nothing changed. */
  HOOK_REFUSED("hook.refused");

  private final String code;

  AuditEventType(String code) {
    this.code = code;
  }

  /** The stable name stored with each event and shown in the API. */
  public String code() {
    return code;
  }
}

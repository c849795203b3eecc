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
  /** The active policy was replaced (from the file at start-up, or through the API). */
  POLICY_CHANGED("policy.changed");

  private final String code;

  AuditEventType(String code) {
    this.code = code;
  }

  /** The stable name stored with each event and shown in the API. */
  public String code() {
    return code;
  }
}

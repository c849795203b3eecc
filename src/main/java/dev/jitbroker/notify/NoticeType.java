package dev.jitbroker.notify;

/** The request events people are told about. The wire names are stable: receivers filter on them. */
public enum NoticeType {
  /** A request waits for its approvers (sent to the rule's channels). */
  PENDING("pending"),
  APPROVED("approved"),
  DENIED("denied"),
  /** Access was granted in Azure. */
  ACTIVE("active"),
  /** Access ends soon (due a configured time before its end). */
  EXPIRING("expiring"),
  EXPIRED("expired"),
  FAILED("failed"),
  TIMED_OUT("timed-out"),
  REVOKED("revoked"),
  /** The requester withdrew a pending request (sent to the approvers' channels only). */
  CANCELLED("cancelled");

  private final String wire;

  NoticeType(String wire) {
    this.wire = wire;
  }

  /** The name in messages, e.g. {@code timed-out}. */
  public String wire() {
    return wire;
  }

  /** The CloudEvents {@code type}, e.g. {@code dev.jitbroker.request.pending}. */
  public String eventType() {
    return "dev.jitbroker.request." + wire;
  }
}

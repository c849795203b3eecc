package dev.jitbroker.hooks;

import java.util.Objects;

/** An inbound callback refused: nothing changed. The message is safe to show the caller; it names no secret. */
public final class HookRefusal extends RuntimeException {

  /** Why, with the HTTP status the caller gets and the stable code in the audit event. */
  public enum Reason {
    UNKNOWN_INTEGRATION(401, "unknown-integration"),
    BAD_SIGNATURE(401, "bad-signature"),
    STALE(401, "stale-timestamp"),
    REPLAYED(401, "replayed"),
    UNKNOWN_APPROVER(403, "unknown-approver"),
    NOT_ALLOWED(403, "not-allowed");

    private final int status;
    private final String code;

    Reason(int status, String code) {
      this.status = status;
      this.code = code;
    }

    public int status() {
      return status;
    }

    public String code() {
      return code;
    }
  }

  private final Reason reason;

  public HookRefusal(Reason reason, String message) {
    super(message, null, false, false);
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  public Reason reason() {
    return reason;
  }
}

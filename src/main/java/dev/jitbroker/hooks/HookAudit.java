package dev.jitbroker.hooks;

import dev.jitbroker.audit.AuditEventType;
import dev.jitbroker.audit.AuditLog;
import dev.jitbroker.audit.AuditRecord;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.jboss.logging.Logger;

/** The audit events of inbound callbacks: each refusal, in a transaction of its own (the refused change rolled back). */
@ApplicationScoped
public class HookAudit {

  private static final Logger LOG = Logger.getLogger(HookAudit.class);
  /** Names from an unauthenticated caller are cut to this length before they are stored. */
  static final int MAX_CLAIMED = 100;

  private final AuditLog log;
  private final Clock clock;

  HookAudit(AuditLog log, Clock clock) {
    this.log = log;
    this.clock = clock;
  }

  /**
   * Records a refusal. {@code facts} are what the callback claimed (integration, approver, request);
   * they never include a secret or a signature.
   */
  @Transactional(Transactional.TxType.REQUIRES_NEW)
  public void refused(String endpoint, HookRefusal refusal, Facts facts) {
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("endpoint", endpoint);
    d.put("reason", refusal.reason().code());
    d.put("status", refusal.reason().status());
    d.put("detail", refusal.getMessage());
    putIfPresent(d, "source", facts.source());
    putIfPresent(d, "deliveryId", facts.deliveryId());
    putIfPresent(d, "slackUser", facts.slackUser());
    putIfPresent(d, "approver", facts.approverId());
    putIfPresent(d, "decision", facts.decision());
    UUID requestId = uuid(facts.requestId());
    if (requestId == null) {
      putIfPresent(d, "requestId", facts.requestId());
    }
    // An authenticated caller vouches for the approver it names; an unauthenticated one vouches for nothing.
    boolean vouched = refusal.reason().status() == 403 && facts.approverId() != null;
    String actorId = vouched ? facts.approverId() : "unauthenticated";
    log.append(new AuditRecord(AuditEventType.HOOK_REFUSED, cut(actorId), null, requestId, d, clock.instant()));
    LOG.infof("Refused %s callback (%s%s): %s", endpoint, refusal.reason().code(),
        facts.source() == null ? "" : ", " + cut(facts.source()), refusal.getMessage());
  }

  /** What a callback said about itself, as far as it was read before the refusal. */
  public record Facts(String source, String deliveryId, String slackUser, String approverId, String requestId,
      String decision) {
    static Facts of(String source, String deliveryId) {
      return new Facts(source, deliveryId, null, null, null, null);
    }

    Facts about(String slackUser, String approverId, String requestId, String decision) {
      return new Facts(source, deliveryId, slackUser, approverId, requestId, decision);
    }
  }

  private static void putIfPresent(Map<String, Object> d, String key, String value) {
    if (value != null) {
      d.put(key, cut(value));
    }
  }

  private static String cut(String value) {
    return value.length() <= MAX_CLAIMED ? value : value.substring(0, MAX_CLAIMED) + "…";
  }

  private static UUID uuid(String text) {
    try {
      return text == null ? null : UUID.fromString(text);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}

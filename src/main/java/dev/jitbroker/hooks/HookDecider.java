package dev.jitbroker.hooks;

import dev.jitbroker.request.AccessRequest;
import dev.jitbroker.request.Actor;
import dev.jitbroker.request.Comment;
import dev.jitbroker.request.DecidedVia;
import dev.jitbroker.request.Decision;
import dev.jitbroker.request.RequestLifecycle;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;

/** Takes a callback's delivery and its decision in one transaction: a refused decision leaves the delivery untaken. */
@ApplicationScoped
public class HookDecider {

  private final DeliveryLog deliveries;
  private final RequestLifecycle lifecycle;

  HookDecider(DeliveryLog deliveries, RequestLifecycle lifecycle) {
    this.deliveries = deliveries;
    this.lifecycle = lifecycle;
  }

  /** The approver's decision through the same checks as the REST API; a delivery seen before is refused as a replay. */
  @Transactional
  public AccessRequest decide(Delivery delivery, Actor approver, String requestId, Decision decision, Comment comment,
      DecidedVia via) {
    if (!deliveries.take(via.channel().word() + ":" + via.source(), delivery.id(), delivery.expiresAt())) {
      throw new HookRefusal(HookRefusal.Reason.REPLAYED,
          "This callback was delivered before and has been taken; send a new one with a new id and signature.");
    }
    return lifecycle.decide(approver, requestId, decision, comment, via);
  }

  /** One callback's identity for replay checks, and until when a copy of it could still pass as fresh. */
  public record Delivery(String id, Instant expiresAt) {}
}

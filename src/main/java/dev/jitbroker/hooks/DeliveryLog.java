package dev.jitbroker.hooks;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Instant;

/** The inbound callbacks already taken, shared by all replicas through the database. */
@ApplicationScoped
public class DeliveryLog {

  private static final String TAKE = "INSERT INTO inbound_delivery (source, delivery_id, expires_at) "
      + "VALUES (:source, :id, :expires) ON CONFLICT DO NOTHING";

  private final EntityManager em;

  DeliveryLog(EntityManager em) {
    this.em = em;
  }

  /**
   * Takes a delivery in the caller's transaction: false if it was taken before (a replay). A concurrent
   * copy waits on the key until this transaction ends; if this one rolls back, a retry may take it again.
   */
  @Transactional(Transactional.TxType.MANDATORY)
  public boolean take(String source, String deliveryId, Instant expiresAt) {
    return em.createNativeQuery(TAKE)
        .setParameter("source", source)
        .setParameter("id", deliveryId)
        .setParameter("expires", expiresAt)
        .executeUpdate() == 1;
  }

  /** Forgets deliveries whose timestamps are no longer fresh; a replay of one is refused as stale. */
  @Transactional
  public int forgetExpired(Instant now) {
    return em.createNativeQuery("DELETE FROM inbound_delivery WHERE expires_at < :now")
        .setParameter("now", now)
        .executeUpdate();
  }
}

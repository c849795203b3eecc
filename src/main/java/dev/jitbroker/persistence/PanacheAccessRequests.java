package dev.jitbroker.persistence;

import dev.jitbroker.request.AccessRequest;
import dev.jitbroker.request.AccessRequests;
import dev.jitbroker.request.RequestQuery;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Access requests in Postgres, through Hibernate. */
@ApplicationScoped
public class PanacheAccessRequests implements AccessRequests, PanacheRepositoryBase<AccessRequest, UUID> {

  private static final String OVERDUE =
      "SELECT * FROM access_request WHERE state = 'PENDING' AND decision_deadline <= :now "
          + "ORDER BY decision_deadline LIMIT :limit FOR UPDATE SKIP LOCKED";

  @Override
  public Optional<AccessRequest> find(UUID id) {
    return findByIdOptional(id);
  }

  @Override
  public Optional<AccessRequest> lockIdempotencyKey(String requesterId, String key) {
    getEntityManager()
        .createNativeQuery("SELECT pg_advisory_xact_lock(hashtextextended(:k, 0))")
        .setParameter("k", requesterId.length() + ":" + requesterId + key)
        .getSingleResult();
    return find("requesterId = ?1 and idempotencyKey = ?2", requesterId, key).firstResultOptional();
  }

  @Override
  public void add(AccessRequest request) {
    persist(request);
  }

  @Override
  public List<AccessRequest> page(RequestQuery q) {
    StringBuilder where = new StringBuilder("1 = 1");
    Parameters params = new Parameters();
    if (q.state() != null) {
      where.append(" and state = :state");
      params.and("state", q.state());
    }
    if (q.requesterId() != null) {
      where.append(" and requesterId = :requester");
      params.and("requester", q.requesterId());
    }
    if (q.after() != null) {
      where.append(" and (createdAt < :at or (createdAt = :at and id < :id))");
      params.and("at", q.after().createdAt()).and("id", q.after().id());
    }
    where.append(" order by createdAt desc, id desc");
    return find(where.toString(), params).page(0, q.limit()).list();
  }

  @Override
  @SuppressWarnings("unchecked")
  public List<AccessRequest> lockOverdue(Instant now, int limit) {
    return new ArrayList<>(
        getEntityManager()
            .createNativeQuery(OVERDUE, AccessRequest.class)
            .setParameter("now", now)
            .setParameter("limit", limit)
            .getResultList());
  }

  @Override
  public void flush() {
    getEntityManager().flush();
  }
}

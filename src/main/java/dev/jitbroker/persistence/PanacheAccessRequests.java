package dev.jitbroker.persistence;

import dev.jitbroker.request.AccessRequest;
import dev.jitbroker.request.AccessRequests;
import dev.jitbroker.request.GrantType;
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
  public Optional<AccessRequest> findForUpdate(UUID id) {
    // Lock the row first, then read it: Hibernate's own pessimistic find locks after reading (the
    // eager approvals join cannot be locked in one statement) and fails on a version that moved
    // while it waited.
    if (getEntityManager().createNativeQuery("SELECT 1 FROM access_request WHERE id = :id FOR UPDATE")
        .setParameter("id", id).getResultList().isEmpty()) {
      return Optional.empty();
    }
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

  private static final String NEXT_TO_GRANT =
      "SELECT * FROM access_request WHERE state = 'APPROVED' AND (next_attempt_at IS NULL OR next_attempt_at <= :now) "
          + "ORDER BY decided_at LIMIT 1 FOR UPDATE SKIP LOCKED";
  private static final String NEXT_TO_REMOVE =
      "SELECT * FROM access_request WHERE ((state = 'ACTIVE' AND expires_at <= :now) "
          + "OR (state = 'REVOKED' AND grant_ref IS NOT NULL AND access_removed_at IS NULL "
          + "AND grant_preexisting IS NOT TRUE)) "
          + "AND (next_attempt_at IS NULL OR next_attempt_at <= :now) "
          + "ORDER BY coalesce(expires_at, ended_at) LIMIT 1 FOR UPDATE SKIP LOCKED";

  @Override
  public Optional<AccessRequest> lockNextToGrant(Instant now) {
    return one(NEXT_TO_GRANT, now);
  }

  @Override
  public Optional<AccessRequest> lockNextToRemove(Instant now) {
    return one(NEXT_TO_REMOVE, now);
  }

  @SuppressWarnings("unchecked")
  private Optional<AccessRequest> one(String sql, Instant now) {
    List<AccessRequest> rows = getEntityManager().createNativeQuery(sql, AccessRequest.class)
        .setParameter("now", now).getResultList();
    return rows.stream().findFirst();
  }

  @Override
  public void lockGrantKey(String grantKey) {
    getEntityManager()
        .createNativeQuery("SELECT pg_advisory_xact_lock(hashtextextended(:k, 7))")
        .setParameter("k", grantKey)
        .getSingleResult();
  }

  @Override
  public boolean othersHold(String grantKey, UUID requestId) {
    return !getEntityManager()
        .createNativeQuery("SELECT 1 FROM access_request WHERE grant_key = :k AND state = 'ACTIVE' AND id <> :id LIMIT 1")
        .setParameter("k", grantKey)
        .setParameter("id", requestId)
        .getResultList().isEmpty();
  }

  @Override
  @SuppressWarnings("unchecked")
  public List<String> managedScopes(GrantType grantType, Instant since) {
    return getEntityManager().createNativeQuery(
            "SELECT DISTINCT scope FROM access_request WHERE grant_type = :t "
                + "AND (state IN ('APPROVED', 'ACTIVE') OR ended_at >= :since OR access_removed_at IS NULL AND grant_ref IS NOT NULL)")
        .setParameter("t", grantType.name())
        .setParameter("since", since)
        .getResultList();
  }

  @Override
  @SuppressWarnings("unchecked")
  public List<AccessRequest> holdingAt(GrantType grantType, String scope) {
    return getEntityManager().createNativeQuery(
            "SELECT * FROM access_request WHERE grant_type = :t AND lower(scope) = lower(:s) AND (state IN ('APPROVED', 'ACTIVE') "
                + "OR (state = 'REVOKED' AND grant_ref IS NOT NULL AND access_removed_at IS NULL))", AccessRequest.class)
        .setParameter("t", grantType.name())
        .setParameter("s", scope)
        .getResultList();
  }

  @Override
  @SuppressWarnings("unchecked")
  public List<UUID> lockStillActive(List<UUID> ids) {
    if (ids.isEmpty()) {
      return List.of();
    }
    return getEntityManager().createNativeQuery(
            "SELECT id FROM access_request WHERE id = ANY (CAST(:ids AS uuid[])) AND state = 'ACTIVE' "
                + "AND access_removed_at IS NULL FOR UPDATE SKIP LOCKED", UUID.class)
        .setParameter("ids", ids.stream().map(UUID::toString).toArray(String[]::new))
        .getResultList();
  }

  @Override
  public void flush() {
    getEntityManager().flush();
  }
}

package dev.jitbroker.persistence;

import dev.jitbroker.request.AccessRequest;
import dev.jitbroker.request.AccessRequests;
import dev.jitbroker.request.GrantType;
import dev.jitbroker.request.RequestQuery;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.hibernate.Session;

/** Access requests in Postgres, through Hibernate. */
@ApplicationScoped
public class PanacheAccessRequests implements AccessRequests, PanacheRepositoryBase<AccessRequest, UUID> {

  private static final String BY_KEY = "SELECT id FROM access_request WHERE requester_id = ? AND idempotency_key = ?";
  // What a submit knows of a request (updated_at is its created_at). With an idempotency key that is
  // already taken (a concurrent retry that committed first) it inserts nothing: the caller reads that one.
  private static final String INSERT =
      "INSERT INTO access_request (id, state, requester_id, requester_name, principal_id, scope, role, grant_type, "
          + "duration_seconds, justification, ticket, created_at, updated_at, decision_deadline, decided_at, ended_at, "
          + "idempotency_key, fingerprint, policy_version, policy_rule, required_approvals, decision_reason, network_ports, "
          + "network_source, extends_id, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0) "
          + "ON CONFLICT (requester_id, idempotency_key) WHERE idempotency_key IS NOT NULL DO NOTHING";

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
  public Optional<AccessRequest> byIdempotencyKey(String requesterId, String key) {
    UUID id = session().doReturningWork(c -> {
      try (PreparedStatement select = c.prepareStatement(BY_KEY)) {
        select.setString(1, requesterId);
        select.setString(2, key);
        try (ResultSet rs = select.executeQuery()) {
          return rs.next() ? rs.getObject(1, UUID.class) : null;
        }
      }
    });
    // A replay is rare: only then is the whole request read, with its decisions.
    return id == null ? Optional.empty() : findByIdOptional(id);
  }

  @Override
  public boolean insert(AccessRequest r) {
    if (r.version() != 0 || r.activatedAt() != null || r.grantKey() != null) {
      throw new IllegalArgumentException("only a request just submitted is inserted: " + r.id());
    }
    return session().doReturningWork(c -> {
      try (PreparedStatement insert = c.prepareStatement(INSERT)) {
        int i = 0;
        insert.setObject(++i, r.id());
        insert.setString(++i, r.state().name());
        insert.setString(++i, r.requesterId());
        insert.setString(++i, r.requesterName());
        insert.setString(++i, r.principalId());
        insert.setString(++i, r.scope());
        insert.setString(++i, r.role());
        insert.setString(++i, r.grantType().name());
        insert.setLong(++i, r.duration().toSeconds());
        insert.setString(++i, r.justification());
        insert.setString(++i, r.ticket());
        Jdbc.setInstant(insert, ++i, r.createdAt());
        Jdbc.setInstant(insert, ++i, r.createdAt());
        Jdbc.setInstant(insert, ++i, r.decisionDeadline());
        Jdbc.setInstant(insert, ++i, r.decidedAt());
        Jdbc.setInstant(insert, ++i, r.endedAt());
        insert.setString(++i, r.idempotencyKey());
        insert.setString(++i, r.fingerprint());
        insert.setObject(++i, r.policyVersion(), Types.INTEGER);
        insert.setString(++i, r.policyRule());
        insert.setObject(++i, r.requiredApprovals(), Types.INTEGER);
        insert.setString(++i, r.decisionReason());
        insert.setString(++i, r.networkPorts());
        insert.setString(++i, r.networkSource());
        insert.setObject(++i, r.extendsId(), Types.OTHER);
        return insert.executeUpdate() == 1;
      }
    });
  }

  private Session session() {
    return getEntityManager().unwrap(Session.class);
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

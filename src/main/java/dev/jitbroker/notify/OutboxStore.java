package dev.jitbroker.notify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jitbroker.persistence.Jdbc;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;
import jakarta.transaction.Transactional;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.hibernate.Session;

/** Notifications in Postgres: written with the change that causes them, claimed by the dispatcher with SKIP LOCKED. */
@ApplicationScoped
public class OutboxStore implements Outbox, PostedMessages {

  private static final String COLUMNS = columns("");

  private static final String INSERT =
      "INSERT INTO notification (id, request_id, event, channel, recipient, state, due_at, next_attempt_at, tries_since, "
          + "payload, created_at) VALUES (?, ?, ?, ?, ?, 'PENDING', ?, ?, ?, cast(? as jsonb), ?) "
          + "ON CONFLICT (request_id, event, channel, recipient) DO NOTHING";

  // Claiming moves the next attempt past the lease: a replica that dies while sending leaves the row
  // to be claimed again once the lease has passed. attempts counts the claim and fences late outcomes.
  private static final String CLAIM =
      "UPDATE notification n SET next_attempt_at = :leaseEnd, attempts = n.attempts + 1 FROM ("
          + "SELECT id FROM notification WHERE state = 'PENDING' AND next_attempt_at <= :now "
          + "ORDER BY next_attempt_at LIMIT :limit FOR UPDATE SKIP LOCKED) due WHERE n.id = due.id RETURNING "
          + columns("n.");

  private final EntityManager em;
  private final ObjectMapper json;
  private final Clock clock;

  OutboxStore(EntityManager em, ObjectMapper json, Clock clock) {
    this.em = em;
    this.json = json;
    this.clock = clock;
  }

  private static String columns(String table) {
    return Stream.of("id", "request_id", "event", "channel", "recipient", "state", "attempts", "next_attempt_at",
            "tries_since", "last_error", "due_at", "created_at", "delivered_at", "posted_channel", "posted_ts")
        .map(c -> table + c).collect(Collectors.joining(", ")) + ", cast(" + table + "payload as text)";
  }

  @Override
  @Transactional(Transactional.TxType.MANDATORY)
  public void add(Notice notice) {
    String payload;
    try {
      payload = json.writeValueAsString(notice.request());
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("the request of a " + notice.type().wire() + " notice is not serializable", e);
    }
    Instant now = clock.instant();
    // Plain JDBC on the transaction's connection, one round trip for all channels (a batch).
    em.unwrap(Session.class).doWork(c -> {
      try (PreparedStatement insert = c.prepareStatement(INSERT)) {
        for (String channel : notice.channels()) {
          insert.setObject(1, UUID.randomUUID());
          insert.setObject(2, notice.requestId());
          insert.setString(3, notice.type().name());
          insert.setString(4, channel);
          insert.setString(5, notice.recipient());
          Jdbc.setInstant(insert, 6, notice.dueAt());
          Jdbc.setInstant(insert, 7, notice.dueAt());
          Jdbc.setInstant(insert, 8, notice.dueAt());
          insert.setString(9, payload);
          Jdbc.setInstant(insert, 10, now);
          insert.addBatch();
        }
        insert.executeBatch();
      }
    });
  }

  @Override
  @Transactional(Transactional.TxType.MANDATORY)
  public void withdraw(UUID requestId, NoticeType type) {
    em.createNativeQuery("DELETE FROM notification WHERE request_id = :r AND event = :e AND state = 'PENDING' AND attempts = 0")
        .setParameter("r", requestId)
        .setParameter("e", type.name())
        .executeUpdate();
  }

  /** Claims up to {@code limit} due notifications until {@code leaseEnd}; commits at once, so no lock is held while sending. */
  @Transactional(Transactional.TxType.REQUIRES_NEW)
  @SuppressWarnings("unchecked")
  public List<Notification> claim(Instant now, Instant leaseEnd, int limit) {
    List<Object[]> rows = em.createNativeQuery(CLAIM)
        .setParameter("now", now)
        .setParameter("leaseEnd", leaseEnd)
        .setParameter("limit", limit)
        .getResultList();
    return rows.stream().map(this::row).toList();
  }

  /** Records a delivery; false when the claim was lost (another replica claimed it again after the lease). */
  @Transactional(Transactional.TxType.REQUIRES_NEW)
  public boolean delivered(Notification n, Instant at, Posted posted) {
    return em.createNativeQuery("UPDATE notification SET state = 'DELIVERED', delivered_at = :at, last_error = NULL, "
            + "posted_channel = :pc, posted_ts = :pt WHERE id = :id AND attempts = :attempts AND state = 'PENDING'")
        .setParameter("at", at)
        .setParameter("pc", posted == null ? null : posted.channel())
        .setParameter("pt", posted == null ? null : posted.ts())
        .setParameter("id", n.id())
        .setParameter("attempts", n.attempts())
        .executeUpdate() == 1;
  }

  /** Schedules another attempt after a transient failure. */
  @Transactional(Transactional.TxType.REQUIRES_NEW)
  public boolean retry(Notification n, Instant next, String error) {
    return em.createNativeQuery("UPDATE notification SET next_attempt_at = :next, last_error = :error "
            + "WHERE id = :id AND attempts = :attempts AND state = 'PENDING'")
        .setParameter("next", next)
        .setParameter("error", clip(error))
        .setParameter("id", n.id())
        .setParameter("attempts", n.attempts())
        .executeUpdate() == 1;
  }

  /** Gives up on a notification until an admin replays it. */
  @Transactional(Transactional.TxType.REQUIRES_NEW)
  public boolean dead(Notification n, String error) {
    return em.createNativeQuery("UPDATE notification SET state = 'DEAD', last_error = :error "
            + "WHERE id = :id AND attempts = :attempts AND state = 'PENDING'")
        .setParameter("error", clip(error))
        .setParameter("id", n.id())
        .setParameter("attempts", n.attempts())
        .executeUpdate() == 1;
  }

  /** Notifications in {@code state} (all when null), newest first. */
  @Transactional
  @SuppressWarnings("unchecked")
  public List<Notification> list(NotificationState state, int limit) {
    Query query = em.createNativeQuery("SELECT " + COLUMNS + " FROM notification "
            + (state == null ? "" : "WHERE state = :state ") + "ORDER BY created_at DESC, id DESC LIMIT :limit")
        .setParameter("limit", limit);
    if (state != null) {
      query.setParameter("state", state.name());
    }
    List<Object[]> rows = query.getResultList();
    return rows.stream().map(this::row).toList();
  }

  /** The notifications of one request, oldest first. */
  @Transactional
  @SuppressWarnings("unchecked")
  public List<Notification> forRequest(UUID requestId) {
    List<Object[]> rows = em.createNativeQuery("SELECT " + COLUMNS + " FROM notification WHERE request_id = :r "
            + "ORDER BY created_at, id")
        .setParameter("r", requestId)
        .getResultList();
    return rows.stream().map(this::row).toList();
  }

  @Override
  @Transactional
  @SuppressWarnings("unchecked")
  public Optional<PendingMessage> pendingMessage(UUID requestId, String channel) {
    List<Object[]> rows = em.createNativeQuery("SELECT state, posted_channel, posted_ts FROM notification "
            + "WHERE request_id = :r AND channel = :c AND event = 'PENDING' AND recipient = :approvers")
        .setParameter("r", requestId)
        .setParameter("c", channel)
        .setParameter("approvers", Notice.APPROVERS)
        .getResultList();
    return rows.stream().findFirst().map(r -> new PendingMessage(NotificationState.valueOf((String) r[0]),
        r[2] == null ? null : new Posted((String) r[1], (String) r[2])));
  }

  /**
   * Sends a dead (or delivered) notification again from now, with a fresh retry period; its id stays,
   * so a receiver that had it already can tell. Empty when there is no such notification.
   *
   * @throws IllegalStateException when it is still pending
   */
  @Transactional
  @SuppressWarnings("unchecked")
  public Optional<Notification> replay(UUID id, Instant now) {
    List<Object[]> locked = em.createNativeQuery("SELECT " + COLUMNS + " FROM notification WHERE id = :id FOR UPDATE")
        .setParameter("id", id).getResultList();
    if (locked.isEmpty()) {
      return Optional.empty();
    }
    if (row(locked.get(0)).state() == NotificationState.PENDING) {
      throw new IllegalStateException("pending");
    }
    List<Object[]> rows = em.createNativeQuery("UPDATE notification SET state = 'PENDING', attempts = 0, "
            + "next_attempt_at = :now, tries_since = :now, delivered_at = NULL WHERE id = :id RETURNING " + COLUMNS)
        .setParameter("now", now)
        .setParameter("id", id)
        .getResultList();
    return rows.stream().findFirst().map(this::row);
  }

  private static String clip(String error) {
    return error == null || error.length() <= 2000 ? error : error.substring(0, 1997) + "...";
  }

  private Notification row(Object[] r) {
    Map<String, Object> request;
    try {
      request = json.readValue((String) r[15], new TypeReference<Map<String, Object>>() {});
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("notification " + r[0] + " holds a payload that is not JSON", e);
    }
    return new Notification(
        (UUID) r[0], (UUID) r[1], NoticeType.valueOf((String) r[2]), (String) r[3], (String) r[4],
        NotificationState.valueOf((String) r[5]), ((Number) r[6]).intValue(), instant(r[7]), instant(r[8]),
        (String) r[9], instant(r[10]), instant(r[11]), instant(r[12]), (String) r[13], (String) r[14], request);
  }

  private static Instant instant(Object o) {
    if (o == null) {
      return null;
    }
    if (o instanceof Instant i) {
      return i;
    }
    if (o instanceof OffsetDateTime t) {
      return t.toInstant();
    }
    if (o instanceof Timestamp t) {
      return t.toInstant();
    }
    throw new IllegalStateException("unexpected time type " + o.getClass());
  }
}

package dev.jitbroker.persistence;

import dev.jitbroker.audit.AuditEventType;
import dev.jitbroker.audit.AuditLog;
import dev.jitbroker.audit.AuditRecord;
import dev.jitbroker.policy.Policy;
import dev.jitbroker.policy.PolicySource;
import dev.jitbroker.request.Actor;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.jboss.logging.Logger;

/**
 * Policy versions in Postgres. Versions never change once stored; the highest is active. Each replica
 * caches parsed versions and looks for a newer active one every {@code jit.policy.refresh-interval}.
 */
@ApplicationScoped
public class PolicyStore implements PolicySource {

  private static final Logger LOG = Logger.getLogger(PolicyStore.class);
  /** Advisory lock key that serializes writers of new versions across replicas. */
  private static final long WRITE_LOCK = 0x6a69_7470_6f6c_6963L;

  /** A stored version with what people need to know about it. */
  public record StoredPolicy(PolicyVersion version, String source, Instant createdAt, String createdBy) {}

  private final EntityManager em;
  private final AuditLog audit;
  private final Clock clock;
  private final ConcurrentMap<Integer, StoredPolicy> versions = new ConcurrentHashMap<>();
  private volatile StoredPolicy active;

  PolicyStore(EntityManager em, AuditLog audit, Clock clock) {
    this.em = em;
    this.audit = audit;
    this.clock = clock;
  }

  @Override
  public PolicyVersion active() {
    StoredPolicy current = active;
    if (current == null) {
      current = refresh().orElseThrow(() -> new IllegalStateException("no policy is stored"));
    }
    return current.version();
  }

  /** The active version with its metadata. */
  public StoredPolicy activeStored() {
    active();
    return active;
  }

  @Override
  public PolicyVersion version(int number) {
    return versions.computeIfAbsent(number, n -> load(n).orElseThrow(
        () -> new IllegalStateException("policy version " + n + " is not stored"))).version();
  }

  /** Reads the highest stored version and makes it active here; empty when none is stored. */
  @Transactional
  public Optional<StoredPolicy> refresh() {
    List<?> max = em.createNativeQuery("SELECT max(version) FROM policy_version").getResultList();
    Object top = max.isEmpty() ? null : max.get(0);
    if (top == null) {
      return Optional.empty();
    }
    int number = ((Number) top).intValue();
    StoredPolicy current = active;
    if (current == null || current.version().number() != number) {
      StoredPolicy loaded = versions.computeIfAbsent(number, n -> load(n).orElseThrow());
      active = loaded;
      LOG.infof("Routing by policy version %d (%s)", number, loaded.version().hash().substring(0, 12));
    }
    return Optional.of(active);
  }

  @Scheduled(every = "${jit.policy.refresh-interval:5s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void refreshOnSchedule() {
    try {
      refresh();
    } catch (RuntimeException e) {
      LOG.warnf("Could not look for a newer policy; the next pass retries: %s", e.getMessage());
    }
  }

  /**
   * Stores {@code document} (already parsed) as the next version, with a {@code policy.changed} audit
   * event, unless it is the same as the active one. Returns the version routing now uses.
   */
  @Transactional
  public StoredPolicy store(Policy policy, String source, Actor by) {
    em.createNativeQuery("SELECT pg_advisory_xact_lock(:k)").setParameter("k", WRITE_LOCK).getSingleResult();
    String hash = sha256(policy.text());
    @SuppressWarnings("unchecked")
    List<Object[]> top = em.createNativeQuery(
            "SELECT version, hash FROM policy_version ORDER BY version DESC LIMIT 1")
        .getResultList();
    int previous = top.isEmpty() ? 0 : ((Number) top.get(0)[0]).intValue();
    String previousHash = top.isEmpty() ? null : (String) top.get(0)[1];
    if (hash.equals(previousHash)) {
      return versions.computeIfAbsent(previous, n -> load(n).orElseThrow());
    }
    int number = previous + 1;
    Instant now = clock.instant();
    em.createNativeQuery(
            "INSERT INTO policy_version (version, hash, document, source, created_at, created_by) "
                + "VALUES (:v, :h, :d, :s, :at, :by)")
        .setParameter("v", number)
        .setParameter("h", hash)
        .setParameter("d", policy.text())
        .setParameter("s", source)
        .setParameter("at", now)
        .setParameter("by", by.id())
        .executeUpdate();
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("version", number);
    details.put("hash", hash);
    details.put("previousVersion", previous == 0 ? null : previous);
    details.put("previousHash", previousHash);
    details.put("source", source);
    audit.append(new AuditRecord(AuditEventType.POLICY_CHANGED, by.id(), by.name(), null, details, now));
    StoredPolicy stored = new StoredPolicy(new PolicyVersion(number, hash, policy), source, now, by.id());
    versions.put(number, stored);
    return stored;
  }

  /** Whether a version with this document's hash was ever stored. */
  @Transactional
  public boolean isStored(String hash) {
    return !em.createNativeQuery("SELECT 1 FROM policy_version WHERE hash = :h LIMIT 1")
        .setParameter("h", hash).getResultList().isEmpty();
  }

  private Optional<StoredPolicy> load(int number) {
    @SuppressWarnings("unchecked")
    List<Object[]> rows = em.createNativeQuery(
            "SELECT hash, document, source, created_at, created_by FROM policy_version WHERE version = :v")
        .setParameter("v", number)
        .getResultList();
    if (rows.isEmpty()) {
      return Optional.empty();
    }
    Object[] row = rows.get(0);
    Policy policy = Policy.parse((String) row[1]);
    return Optional.of(new StoredPolicy(
        new PolicyVersion(number, (String) row[0], policy), (String) row[2], toInstant(row[3]), (String) row[4]));
  }

  private static Instant toInstant(Object value) {
    if (value instanceof Instant i) {
      return i;
    }
    if (value instanceof java.time.OffsetDateTime o) {
      return o.toInstant();
    }
    return ((java.sql.Timestamp) value).toInstant();
  }

  static String sha256(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}

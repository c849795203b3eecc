package dev.jitbroker.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jitbroker.sandbox.ArmSandbox;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Expiry drain: many grants due at the same instant, against the sandbox's ARM budget at its defaults
 * (a burst of 200 writes, 10 a second per subscription). Reports the time to drain, revocations per
 * second against the budget's ideal, the 429s Azure returned, and the revocation lag when only 100 are
 * due. Run with {@code bench/expiry-drain} (the count with {@code -Dbench.expiries=N}).
 */
@QuarkusTest
@Tag("bench")
class ExpiryDrainBench {

  static final String SCOPE = "/subscriptions/77777777-0000-4000-8000-000000000000/resourceGroups/drain";
  static final String READER = "acdd72a7-3385-48ef-bd42-f606fba81ae7";
  static final int BURST = 200;
  static final double REFILL = 10;

  @Inject ArmSandbox sandbox;
  @Inject DataSource dataSource;

  @Test
  void drain() throws Exception {
    int count = Integer.getInteger("bench.expiries", 10_000);
    sandbox.reset();
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("expiries", count);
    result.put("budget", Map.of("burst", BURST, "refillPerSecond", REFILL));

    Run big = run(count);
    double ideal = Math.max(0, count - BURST) / REFILL;
    long deletes = deletes();
    long throttled = sandbox.calls("DELETE", 429);
    result.put("drainSeconds", big.drainSeconds());
    result.put("idealSeconds", ideal);
    result.put("revocationsPerSecond", count / big.drainSeconds());
    result.put("idealRevocationsPerSecond", ideal == 0 ? null : count / ideal);
    result.put("ofIdeal", ideal == 0 ? null : ideal / big.drainSeconds());
    result.put("deleteCalls", deletes);
    result.put("throttled429", throttled);
    result.put("throttledShare", deletes == 0 ? 0 : (double) throttled / deletes);
    result.put("lagP50Seconds", big.lagP50());
    result.put("lagP99Seconds", big.lagP99());

    // With the budget refilled, a hundred due at once: the lag a user sees in normal operation.
    Thread.sleep((long) (BURST / REFILL * 1000) + 1000);
    Run small = run(100);
    result.put("lag100P50Seconds", small.lagP50());
    result.put("lag100P99Seconds", small.lagP99());

    print(result);
    Path out = Path.of("target", "bench", "expiry-drain.json");
    Files.createDirectories(out.getParent());
    Files.writeString(out, json(result));
    System.out.println("Wrote " + out.toAbsolutePath());
  }

  record Run(double drainSeconds, double lagP50, double lagP99) {}

  /** Seeds {@code n} active grants with their assignments, all due at the same instant, and waits until all are gone. */
  private Run run(int n) throws Exception {
    // Seeded far in the future, then all made due at once after the commit: seeding time is not drain time.
    Instant later = Instant.now().plus(Duration.ofDays(1));
    List<UUID> ids = new ArrayList<>(n);
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try (PreparedStatement s = c.prepareStatement("""
          INSERT INTO access_request (id, state, requester_id, requester_name, principal_id, scope, role, grant_type,
              duration_seconds, justification, created_at, updated_at, decided_at, activated_at, expires_at,
              fingerprint, version, grant_key, grant_ref, grant_preexisting, grant_attempts)
          VALUES (?, 'ACTIVE', 'bench', 'Bench', ?, ?, 'Reader', 'AZURE_RBAC', 3600, 'Expiry drain benchmark',
              now(), now(), now(), now(), ?, 'bench', 0, ?, ?, false, 0)""")) {
        for (int i = 0; i < n; i++) {
          UUID id = UUID.randomUUID();
          String principal = UUID.randomUUID().toString();
          String name = UUID.randomUUID().toString();
          String ref = SCOPE + "/providers/Microsoft.Authorization/roleAssignments/" + name;
          sandbox.seedRoleAssignment(SCOPE, name, "/subscriptions/77777777-0000-4000-8000-000000000000"
              + "/providers/Microsoft.Authorization/roleDefinitions/" + READER, principal,
              "Granted just in time by jit-broker for access request " + id);
          s.setObject(1, id);
          s.setString(2, principal);
          s.setString(3, SCOPE);
          s.setTimestamp(4, Timestamp.from(later));
          s.setString(5, ("azure-rbac|" + principal + "|reader|" + SCOPE).toLowerCase(Locale.ROOT));
          s.setString(6, ref);
          s.addBatch();
          ids.add(id);
          if (i % 1000 == 999) {
            s.executeBatch();
          }
        }
        s.executeBatch();
      }
      c.commit();
    }
    Instant due = Instant.now().plusSeconds(1).truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
    try (Connection c = dataSource.getConnection();
        PreparedStatement s = c.prepareStatement("UPDATE access_request SET expires_at = ? WHERE id = ANY (?)")) {
      s.setTimestamp(1, Timestamp.from(due));
      s.setArray(2, c.createArrayOf("uuid", ids.toArray()));
      assertEquals(n, s.executeUpdate());
    }
    System.out.printf("Seeded %d grants, all due at %s%n", n, due);
    Instant deadline = Instant.now().plus(Duration.ofSeconds(60 + n / 5));
    while (Instant.now().isBefore(deadline)) {
      int left = remaining(ids);
      if (left == 0) {
        break;
      }
      Thread.sleep(1000);
    }
    assertEquals(0, remaining(ids), "every due grant was removed before the deadline");
    List<Double> lags = new ArrayList<>();
    Instant last = due;
    try (Connection c = dataSource.getConnection();
        PreparedStatement s = c.prepareStatement(
            "SELECT expires_at, access_removed_at FROM access_request WHERE id = ANY (?) ORDER BY 2")) {
      s.setArray(1, c.createArrayOf("uuid", ids.toArray()));
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          Instant removed = rs.getTimestamp(2).toInstant();
          lags.add(Duration.between(rs.getTimestamp(1).toInstant(), removed).toMillis() / 1000.0);
          last = removed;
        }
      }
    }
    lags.sort(Double::compare);
    assertEquals(0, sandbox.roleAssignments().stream().filter(a -> a.scope().equalsIgnoreCase(SCOPE)).count(),
        "nothing is left in the sandbox");
    return new Run(Duration.between(due, last).toMillis() / 1000.0, quantile(lags, 0.50), quantile(lags, 0.99));
  }

  private int remaining(List<UUID> ids) throws Exception {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s = c.prepareStatement(
            "SELECT count(*) FROM access_request WHERE id = ANY (?) AND state <> 'EXPIRED'")) {
      s.setArray(1, c.createArrayOf("uuid", ids.toArray()));
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    }
  }

  private long deletes() {
    return sandbox.calls().entrySet().stream().filter(e -> e.getKey().method().equals("DELETE"))
        .mapToLong(Map.Entry::getValue).sum();
  }

  private static double quantile(List<Double> sorted, double q) {
    if (sorted.isEmpty()) {
      return 0;
    }
    int i = (int) Math.ceil(q * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, i)));
  }

  private static void print(Map<String, Object> result) {
    System.out.println();
    System.out.println("| Expiry drain | |");
    System.out.println("|---|---|");
    result.forEach((k, v) -> System.out.printf("| %s | %s |%n", k, v instanceof Double d ? String.format(Locale.ROOT, "%.3f", d) : v));
  }

  private static String json(Map<String, Object> result) {
    StringBuilder b = new StringBuilder("{");
    result.forEach((k, v) -> {
      if (b.length() > 1) {
        b.append(',');
      }
      b.append('"').append(k).append("\":");
      if (v instanceof Map<?, ?> m) {
        b.append('{');
        m.forEach((mk, mv) -> b.append('"').append(mk).append("\":").append(mv).append(','));
        b.setLength(b.length() - 1);
        b.append('}');
      } else {
        b.append(v);
      }
    });
    return b.append("}\n").toString();
  }
}

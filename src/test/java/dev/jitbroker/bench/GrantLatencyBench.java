package dev.jitbroker.bench;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jitbroker.testsupport.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Grant latency: requests the policy approves at once, one after another, from the approval to access
 * existing in the ARM sandbox (decidedAt to activatedAt, as the service records them), and the ARM PUT
 * alone. Run with {@code bench/grant-latency} ({@code -Dbench.grants=N}, default 200).
 */
@QuarkusTest
@Tag("bench")
class GrantLatencyBench {

  static final String AUTO = "/subscriptions/22222222-0000-4000-8000-000000000000/resourceGroups/auto-bench-";

  @Inject DataSource dataSource;

  @Test
  void latency() throws Exception {
    int n = Integer.getInteger("bench.grants", 200);
    Tokens.User alice = Tokens.newUser("alice");
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Map<String, Object> body = Map.of("scope", AUTO + UUID.randomUUID(), "role", "Reader", "duration", "PT1H",
          "justification", "Grant latency benchmark");
      String id = given().auth().oauth2(alice.token()).contentType(ContentType.JSON).body(body)
          .post("/api/v1/access-requests").then().statusCode(201).extract().path("id");
      ids.add(id);
      awaitActive(alice, id);
    }
    List<Double> grant = new ArrayList<>();
    List<Double> put = new ArrayList<>();
    try (Connection c = dataSource.getConnection()) {
      try (PreparedStatement s = c.prepareStatement(
          "SELECT extract(epoch FROM activated_at - decided_at) * 1000 FROM access_request WHERE id = ANY (?)")) {
        s.setArray(1, c.createArrayOf("uuid", ids.stream().map(UUID::fromString).toArray()));
        try (ResultSet rs = s.executeQuery()) {
          while (rs.next()) {
            grant.add(rs.getDouble(1));
          }
        }
      }
      try (PreparedStatement s = c.prepareStatement("SELECT (details ->> 'tookMs')::float FROM audit_event "
          + "WHERE type = 'azure.call' AND details ->> 'method' = 'PUT' AND request_id = ANY (?)")) {
        s.setArray(1, c.createArrayOf("uuid", ids.stream().map(UUID::fromString).toArray()));
        try (ResultSet rs = s.executeQuery()) {
          while (rs.next()) {
            put.add(rs.getDouble(1));
          }
        }
      }
    }
    assertEquals(n, grant.size());
    grant.sort(Double::compare);
    put.sort(Double::compare);
    String table = String.format(Locale.ROOT, """
        | grant latency, %d auto-approved requests one at a time | p50 | p90 | p99 | max |
        |---|---|---|---|---|
        | approval to ACTIVE (ms) | %.1f | %.1f | %.1f | %.1f |
        | ARM PUT of the role assignment (ms) | %.1f | %.1f | %.1f | %.1f |
        """, n, q(grant, .5), q(grant, .9), q(grant, .99), q(grant, 1), q(put, .5), q(put, .9), q(put, .99), q(put, 1));
    System.out.println(table);
    Path out = Path.of("target", "bench", "grant-latency.json");
    Files.createDirectories(out.getParent());
    Files.writeString(out, String.format(Locale.ROOT,
        "{\"grants\":%d,\"approvalToActiveMs\":{\"p50\":%.1f,\"p90\":%.1f,\"p99\":%.1f,\"max\":%.1f},"
            + "\"armPutMs\":{\"p50\":%.1f,\"p90\":%.1f,\"p99\":%.1f,\"max\":%.1f}}%n",
        n, q(grant, .5), q(grant, .9), q(grant, .99), q(grant, 1), q(put, .5), q(put, .9), q(put, .99), q(put, 1)));
  }

  private static void awaitActive(Tokens.User who, String id) throws InterruptedException {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
    while (Instant.now().isBefore(deadline)) {
      String state = given().auth().oauth2(who.token()).get("/api/v1/access-requests/" + id)
          .then().extract().path("state");
      if ("ACTIVE".equals(state) || "FAILED".equals(state)) {
        return;
      }
      Thread.sleep(5);
    }
  }

  private static double q(List<Double> sorted, double q) {
    if (sorted.isEmpty()) {
      return 0;
    }
    int i = (int) Math.ceil(q * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, i)));
  }
}

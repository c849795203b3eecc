package dev.jitbroker.api;

import static dev.jitbroker.api.AccessRequestApiTest.submit;
import static dev.jitbroker.testsupport.Contract.as;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jitbroker.audit.AuditEventType;
import dev.jitbroker.audit.AuditLog;
import dev.jitbroker.audit.AuditRecord;
import dev.jitbroker.audit.AuditSealer;
import dev.jitbroker.testsupport.Tokens;
import dev.jitbroker.testsupport.Tokens.User;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

@QuarkusTest
class AuditApiTest {

  @Inject DataSource dataSource;
  @Inject AuditSealer sealer;
  @Inject AuditLog auditLog;

  private final User alice = Tokens.newUser("alice");
  private final User bob = Tokens.newUser("bob", "approver");
  private final User aud = Tokens.newUser("aud", "auditor");

  private String approvedRequest() {
    String id = submit(alice);
    as(bob).contentType(ContentType.JSON).body("{\"comment\":\"fine\"}")
        .post("/api/v1/access-requests/" + id + "/approve").then().statusCode(200);
    return id;
  }

  @Test
  void requestTrail_showsEachStepWithActorAndDetails() throws SQLException {
    String id = approvedRequest();
    sealer.sealAll();
    as(alice).get("/api/v1/access-requests/" + id + "/audit").then().statusCode(200)
        // The decision steps come first; the grant worker's own events may follow at once.
        .body("type[0]", equalTo("request.submitted"))
        .body("type[1]", equalTo("request.approved"))
        .body("actor.id[0]", equalTo(alice.oid()))
        .body("actor.id[1]", equalTo(bob.oid()))
        .body("[0].details.scope", equalTo(Requests.RESOURCE_GROUP))
        .body("[0].details.duration", equalTo("PT1H"))
        .body("[1].details.from", equalTo("PENDING"))
        .body("[1].details.to", equalTo("APPROVED"))
        .body("[1].details.comment", equalTo("fine"))
        .body("seq[0]", notNullValue())
        .body("seq[1]", notNullValue())
        .body("hash[1]", notNullValue());
  }

  @Test
  void requestTrail_ofSomeoneElsesRequest_is404() {
    String id = submit(alice);
    as(Tokens.newUser("mallory")).get("/api/v1/access-requests/" + id + "/audit").then().statusCode(404);
  }

  @Test
  void auditor_filtersAndPagesTheTrail() {
    String id = approvedRequest();
    JsonPath first = as(aud).queryParam("requestId", id).queryParam("limit", 1)
        .get("/api/v1/audit-events").then().statusCode(200)
        .body("items", hasSize(1)).body("items[0].type", equalTo("request.submitted"))
        .extract().jsonPath();
    as(aud).queryParam("requestId", id).queryParam("limit", 1).queryParam("cursor", first.getString("nextCursor"))
        .get("/api/v1/audit-events").then().statusCode(200)
        .body("items", hasSize(1)).body("items[0].type", equalTo("request.approved"));
    as(aud).queryParam("actor", bob.oid()).queryParam("type", "request.approved")
        .get("/api/v1/audit-events").then().statusCode(200)
        .body("items", hasSize(1)).body("items[0].requestId", equalTo(id)).body("nextCursor", nullValue());
  }

  @Test
  void auditor_timeWindow_excludesEventsOutsideIt() {
    approvedRequest();
    as(aud).queryParam("actor", bob.oid()).queryParam("to", "2000-01-01T00:00:00Z")
        .get("/api/v1/audit-events").then().statusCode(200).body("items", hasSize(0));
    as(aud).queryParam("actor", bob.oid()).queryParam("from", "2000-01-01T00:00:00+01:00")
        .get("/api/v1/audit-events").then().statusCode(200).body("items", hasSize(1));
    as(aud).queryParam("from", "yesterday").get("/api/v1/audit-events").then().statusCode(400)
        .body("errors[0].field", equalTo("from"));
  }

  @Test
  void timeWindow_pagesInTimeOrder_whileWithoutOneThePagesKeepTheOrderOfWriting() {
    // Written in one order with times in another, as replicas whose clocks differ would write them.
    String actor = "skewed-" + UUID.randomUUID();
    Instant base = Instant.now().minus(Duration.ofDays(1)).truncatedTo(ChronoUnit.MILLIS);
    long late = write(actor, base.plusSeconds(20), null);
    long early = write(actor, base, null);
    long middle = write(actor, base.plusSeconds(10), null);

    assertEquals(List.of(late, early, middle), pages(actor, null));
    String from = base.minusSeconds(1).toString();
    assertEquals(List.of(early, middle, late), pages(actor, from));
    // The page after "late" in time order is empty, whereas in id order two events follow it.
    as(aud).queryParam("actor", actor).queryParam("from", from).queryParam("limit", 1)
        .queryParam("cursor", cursorAfter(actor, null, 1))
        .get("/api/v1/audit-events").then().statusCode(200)
        // An id-order cursor (after "late") goes on after that event's time.
        .body("items", hasSize(0));
    as(aud).queryParam("actor", actor).queryParam("from", from).queryParam("limit", 1)
        .queryParam("cursor", cursorAfter(actor, null, 2))
        .get("/api/v1/audit-events").then().statusCode(200)
        // After "early" in id order: "middle" is next in time.
        .body("items.id", contains((int) middle));
    // The export follows the same rule.
    String body = as(aud).accept("application/x-ndjson").queryParam("actor", actor).queryParam("from", from)
        .get("/api/v1/audit-events/export").then().statusCode(200).extract().asString();
    assertEquals(List.of(early, middle, late), body.strip().lines()
        .map(l -> JsonPath.from(l).getLong("id")).toList());
  }

  @Test
  void forgedCursors_are400NamingTheCursor() {
    for (String plain : List.of("audit:5@-9223372036854775808", "audit:5@9223372036854775807", "audit:5@soon",
        "audit:-1", "audit:5@")) {
      String cursor = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes());
      as(aud).queryParam("from", "2000-01-01T00:00:00Z").queryParam("cursor", cursor)
          .get("/api/v1/audit-events").then().statusCode(400).contentType("application/problem+json")
          .body("errors[0].field", equalTo("cursor"));
    }
  }

  @Test
  void requestTrail_keepsTheOrderOfWriting_whenAReplicasClockIsBehind() {
    String id = approvedRequest();
    long behind = write(bob.oid(), Instant.now().minus(Duration.ofHours(1)), UUID.fromString(id));
    List<Long> trail = as(alice).get("/api/v1/access-requests/" + id + "/audit").then().statusCode(200)
        .extract().jsonPath().getList("id", Long.class);
    List<String> types = as(alice).get("/api/v1/access-requests/" + id + "/audit").then().statusCode(200)
        .extract().jsonPath().getList("type", String.class);
    assertTrue(trail.indexOf(behind) > types.indexOf("request.approved"), trail + " " + types);
  }

  /** Every event of the actor, page by page (one event a page), as ids. */
  private List<Long> pages(String actor, String from) {
    List<Long> ids = new ArrayList<>();
    String cursor = null;
    do {
      var call = as(aud).queryParam("actor", actor).queryParam("limit", 1);
      if (from != null) {
        call = call.queryParam("from", from);
      }
      if (cursor != null) {
        call = call.queryParam("cursor", cursor);
      }
      JsonPath page = call.get("/api/v1/audit-events").then().statusCode(200).extract().jsonPath();
      ids.addAll(page.getList("items.id", Long.class));
      cursor = page.getString("nextCursor");
    } while (cursor != null);
    return ids;
  }

  /** The cursor after the first {@code n} events of the actor. */
  private String cursorAfter(String actor, String from, int n) {
    var call = as(aud).queryParam("actor", actor).queryParam("limit", n);
    if (from != null) {
      call = call.queryParam("from", from);
    }
    return call.get("/api/v1/audit-events").then().statusCode(200).extract().jsonPath().getString("nextCursor");
  }

  private long write(String actor, Instant at, UUID requestId) {
    QuarkusTransaction.requiringNew().run(() -> auditLog.append(new AuditRecord(
        AuditEventType.REQUEST_DECISION_RECORDED, actor, "Skewed clock", requestId, Map.of("note", "test"), at)));
    try (Connection c = dataSource.getConnection();
        PreparedStatement s = c.prepareStatement("SELECT max(id) FROM audit_event WHERE actor_id = ?")) {
      s.setString(1, actor);
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void export_streamsNdjson_oneEventPerLine() throws Exception {
    String id = approvedRequest();
    String body = as(aud).accept("application/x-ndjson").queryParam("requestId", id)
        .get("/api/v1/audit-events/export").then().statusCode(200)
        .contentType("application/x-ndjson").extract().asString();
    String[] lines = body.strip().split("\n");
    assertTrue(lines.length >= 2, body);
    ObjectMapper json = new ObjectMapper();
    List<String> types = new ArrayList<>();
    for (String line : lines) {
      JsonNode event = json.readTree(line);
      assertEquals(id, event.get("requestId").asText());
      types.add(event.get("type").asText());
    }
    assertEquals(List.of("request.submitted", "request.approved"), types.subList(0, 2));
    assertEquals(types.size(), lines.length);
  }

  @Test
  void verify_onAnUntouchedChain_isValid() throws Exception {
    approvedRequest();
    JsonPath verdict = verifyOnceAllIsSealed();
    assertEquals(true, verdict.getBoolean("valid"), verdict.prettify());
    assertTrue(verdict.getLong("checked") > 1, verdict.prettify());
    assertEquals(0, verdict.getInt("unsealed"), verdict.prettify());
    assertNull((Object) verdict.get("firstBrokenSeq"), verdict.prettify());
  }

  @Test
  void verify_reportsUnsealedEvents_untilTheSealerRuns() throws Exception {
    // Hold the sealer's lock so nothing can be sealed, write an event, and look.
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try (Statement s = c.createStatement()) {
        s.execute("SELECT pg_advisory_xact_lock(" + 0x6a69_7461_7564_6974L + ")");
        submit(alice);
        JsonPath v = as(aud).get("/api/v1/audit-events/verify").then().statusCode(200).extract().jsonPath();
        assertTrue(v.getBoolean("valid"));
        assertTrue(v.getLong("unsealed") >= 1, "the new event is not sealed yet");
      } finally {
        c.rollback();
      }
    }
    assertEquals(0, verifyOnceAllIsSealed().getInt("unsealed"));
  }

  /**
   * Seals and verifies until a verify finds nothing unsealed (or gives up after 10 s): the grant
   * worker writes its events after an approval, on its own thread, and may still be granting the
   * requests of other tests.
   */
  private JsonPath verifyOnceAllIsSealed() throws InterruptedException, SQLException {
    JsonPath verdict = null;
    for (int i = 0; i < 100 && (verdict == null || verdict.getInt("unsealed") > 0); i++) {
      if (verdict != null) {
        Thread.sleep(100);
      }
      sealer.sealAll();
      verdict = as(aud).get("/api/v1/audit-events/verify").then().statusCode(200).extract().jsonPath();
    }
    return verdict;
  }

  @Test
  void database_rejectsUpdateDeleteAndTruncate_onTheTrail() throws SQLException {
    approvedRequest();
    sealer.sealAll();
    for (String sql : List.of(
        "UPDATE audit_event SET actor_id = 'someone-else'",
        "DELETE FROM audit_event",
        "TRUNCATE audit_event CASCADE",
        "UPDATE audit_chain SET hash = prev_hash",
        "DELETE FROM audit_chain",
        "TRUNCATE audit_chain")) {
      try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
        SQLException e = assertThrows(SQLException.class, () -> s.execute(sql), sql);
        assertTrue(e.getMessage().contains("append-only"), e.getMessage());
      }
    }
  }

  @Test
  void verify_namesTheFirstBrokenLink_whenARowIsAlteredBehindTheTriggersBack() throws SQLException {
    String id = approvedRequest();
    sealer.sealAll();
    long seq;
    long eventId;
    String original;
    try (Connection c = dataSource.getConnection();
        PreparedStatement s = c.prepareStatement(
            "SELECT c.seq, e.id, e.details::text FROM audit_event e JOIN audit_chain c ON c.event_id = e.id "
                + "WHERE e.request_id = ?::uuid AND e.type = 'request.approved'")) {
      s.setString(1, id);
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        seq = rs.getLong(1);
        eventId = rs.getLong(2);
        original = rs.getString(3);
      }
    }
    // A superuser can switch the trigger off; the chain still tells.
    tamper(eventId, "{\"from\": \"PENDING\", \"to\": \"APPROVED\", \"comment\": \"nothing to see\", \"decision\": \"APPROVE\"}");
    try {
      JsonPath v = as(aud).get("/api/v1/audit-events/verify").then().statusCode(200).extract().jsonPath();
      assertFalse(v.getBoolean("valid"));
      assertEquals(seq, v.getLong("firstBrokenSeq"));
      assertEquals(seq - 1, v.getLong("checked"));
    } finally {
      tamper(eventId, original);
    }
    as(aud).get("/api/v1/audit-events/verify").then().body("valid", equalTo(true));
  }

  private void tamper(long eventId, String details) throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try (Statement s = c.createStatement();
          PreparedStatement update = c.prepareStatement("UPDATE audit_event SET details = ?::jsonb WHERE id = ?")) {
        s.execute("ALTER TABLE audit_event DISABLE TRIGGER audit_event_append_only");
        update.setString(1, details);
        update.setLong(2, eventId);
        assertEquals(1, update.executeUpdate());
        s.execute("ALTER TABLE audit_event ENABLE TRIGGER audit_event_append_only");
        c.commit();
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      }
    }
  }
}

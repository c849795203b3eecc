package dev.jitbroker.api;

import static dev.jitbroker.testsupport.Contract.as;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jitbroker.sandbox.ArmSandbox;
import dev.jitbroker.sandbox.JitOpenPort;
import dev.jitbroker.testsupport.Tokens;
import dev.jitbroker.testsupport.Tokens.User;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** vm-jit through the real Azure SDK, over HTTPS, against the sandbox's Defender for Cloud JIT policies. */
@QuarkusTest
class VmJitApiTest {

  private static final String SUB = "/subscriptions/77777777-0000-4000-8000-000000000000";
  private static final String SOURCE = "203.0.113.7";

  @Inject ArmSandbox sandbox;
  @Inject DataSource dataSource;

  private final User alice = Tokens.newUser("alice");
  private final User bob = Tokens.newUser("bob", "approver");
  private final String group = SUB + "/resourceGroups/vm-" + UUID.randomUUID();
  private final String vm = group + "/providers/Microsoft.Compute/virtualMachines/vm1";
  private final String policyId = group + "/providers/Microsoft.Security/locations/westeurope/jitNetworkAccessPolicies/default";

  @AfterEach
  void defendersClockBackInStep() {
    sandbox.jitClockAhead(Duration.ZERO);
  }

  private Map<String, Object> body(List<Integer> ports, String source, String duration) {
    Map<String, Object> body = Requests.without("role");
    body.put("scope", vm);
    body.put("grantType", "vm-jit");
    body.put("duration", duration);
    body.put("network", Map.of("ports", ports, "sourceAddressPrefix", source));
    return body;
  }

  private String approved(Map<String, Object> body) {
    String id = as(alice).contentType(ContentType.JSON).body(body).post("/api/v1/access-requests")
        .then().statusCode(201).body("role", equalTo("Network access")).extract().path("id");
    as(bob).contentType(ContentType.JSON).post("/api/v1/access-requests/" + id + "/approve").then().statusCode(200);
    return id;
  }

  // The polling and sandbox look-ups every grant test shares.
  private GrantFlows flows() {
    return new GrantFlows(alice, bob, sandbox, dataSource);
  }

  private JsonPath await(String id, Predicate<JsonPath> done) throws InterruptedException {
    return flows().await(id, done);
  }

  private JsonPath awaitState(String id, String state) throws InterruptedException {
    return flows().awaitState(id, state);
  }

  /** Makes the worker's next step on the request due now, as if its time had come. */
  private void dueNow(String column, String id) throws Exception {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s = c.prepareStatement("UPDATE access_request SET " + column + " = now() WHERE id = ?::uuid")) {
      s.setString(1, id);
      assertEquals(1, s.executeUpdate());
    }
  }

  private List<JitOpenPort> open() {
    return sandbox.jitOpenPorts().stream().filter(p -> p.virtualMachineId().equalsIgnoreCase(vm)).toList();
  }

  @Test
  void approvedRequest_opensThePortsInDefender_fromItsSource_untilItsEnd_thenExpires() throws Exception {
    sandbox.jitPolicy(List.of(vm), List.of(22, 3389), Duration.ofHours(3), List.of("*"));
    String id = approved(body(List.of(22, 3389), SOURCE, "PT1H"));
    JsonPath active = awaitState(id, "ACTIVE");
    Instant expiresAt = Instant.parse(active.getString("expiresAt"));
    assertTrue(active.getString("grantRef").startsWith(policyId + "?virtualMachine=" + vm), active.getString("grantRef"));

    List<JitOpenPort> open = open();
    assertEquals(List.of(22, 3389), open.stream().map(JitOpenPort::number).toList());
    for (JitOpenPort port : open) {
      assertEquals(SOURCE, port.source());
      assertTrue(!port.endTimeUtc().isAfter(expiresAt) && port.endTimeUtc().isAfter(expiresAt.minusSeconds(60)),
          port.endTimeUtc() + " against " + expiresAt);
      assertTrue(port.justification().contains(id), port.justification());
    }
    as(alice).get("/api/v1/access-requests/" + id + "/audit").then()
        .body("find { it.type == 'azure.call' && it.details.method == 'POST' }.details.path", equalTo(policyId + "/initiate"))
        .body("find { it.type == 'azure.call' && it.details.method == 'POST' }.details.status", equalTo(202));

    // The end comes: Defender closes the ports by itself, and the expiry worker confirms it.
    sandbox.jitClockAhead(Duration.ofHours(1).plusMinutes(1));
    dueNow("expires_at", id);
    JsonPath expired = awaitState(id, "EXPIRED");
    assertTrue(expired.getString("accessRemovedAt") != null);
    assertEquals(List.of(), open());
  }

  @Test
  void earlyRevoke_isRecordedAtOnce_butThePortsStayOpenUntilTheEndTheyWereOpenedWith() throws Exception {
    sandbox.jitPolicy(List.of(vm), List.of(22), Duration.ofHours(3), List.of("*"));
    String id = approved(body(List.of(22), SOURCE, "PT1H"));
    awaitState(id, "ACTIVE");
    as(alice).contentType(ContentType.JSON).post("/api/v1/access-requests/" + id + "/revoke").then().statusCode(200)
        .body("state", equalTo("REVOKED"));

    JsonPath revoked = await(id, p -> p.getString("lastError") != null);
    assertTrue(revoked.getString("lastError").contains("stay open until " + open().get(0).endTimeUtc()),
        revoked.getString("lastError"));
    assertNull(revoked.getString("accessRemovedAt"), "Defender has not closed the ports");
    assertEquals(1, open().size(), "no pretend-delete: the port is still open in Defender");

    sandbox.jitClockAhead(Duration.ofHours(1).plusMinutes(1));
    dueNow("next_attempt_at", id);
    JsonPath closed = await(id, p -> p.get("accessRemovedAt") != null);
    assertTrue(closed.getString("accessRemovedAt") != null, closed.prettify());
    assertEquals("REVOKED", closed.getString("state"));
    assertEquals(List.of(), open());
    as(alice).get("/api/v1/access-requests/" + id + "/audit").then()
        .body("type", hasItem("request.revoked"))
        .body("findAll { it.type == 'azure.call' }.details.method", org.hamcrest.Matchers.not(hasItem("DELETE")))
        .body("find { it.type == 'request.grant_retry' }.details.error", containsString("cannot close JIT ports before their end"));
  }

  @Test
  void submit_isRefused_whenTheVmIsInNoPolicy() {
    as(alice).contentType(ContentType.JSON).body(body(List.of(22), SOURCE, "PT1H")).post("/api/v1/access-requests")
        .then().statusCode(400)
        .body("errors", hasSize(1))
        .body("errors[0].field", equalTo("scope"))
        .body("errors[0].message", containsString("in no just-in-time access policy"));
  }

  @Test
  void submit_isRefused_whenThePortIsNotInTheVmsPolicy() {
    sandbox.jitPolicy(List.of(vm), List.of(22), Duration.ofHours(3), List.of("*"));
    as(alice).contentType(ContentType.JSON).body(body(List.of(22, 3389), SOURCE, "PT1H")).post("/api/v1/access-requests")
        .then().statusCode(400)
        .body("errors.field", equalTo(List.of("network.ports")))
        .body("errors[0].message", containsString("Port 3389 is not open to just-in-time access"));
  }

  @Test
  void submit_isRefused_whenLongerThanThePortAllows() {
    sandbox.jitPolicy(List.of(vm), List.of(22), Duration.ofHours(1), List.of("*"));
    as(alice).contentType(ContentType.JSON).body(body(List.of(22), SOURCE, "PT2H")).post("/api/v1/access-requests")
        .then().statusCode(400)
        .body("errors.field", equalTo(List.of("duration")))
        .body("errors[0].message", containsString("at most PT1H"));
  }

  @Test
  void submit_isRefused_whenTheSourceIsNotAllowed() {
    sandbox.jitPolicy(List.of(vm), List.of(22), Duration.ofHours(3), List.of("10.0.0.0/8"));
    as(alice).contentType(ContentType.JSON).body(body(List.of(22), SOURCE, "PT1H")).post("/api/v1/access-requests")
        .then().statusCode(400)
        .body("errors.field", equalTo(List.of("network.sourceAddressPrefix")))
        .body("errors[0].message", containsString("only from 10.0.0.0/8"));
  }

  @Test
  void submit_ofSomethingNotAVm_isRefusedOnTheScope() {
    Map<String, Object> body = body(List.of(22), SOURCE, "PT1H");
    body.put("scope", group);
    as(alice).contentType(ContentType.JSON).body(body).post("/api/v1/access-requests")
        .then().statusCode(400)
        .body("errors.field", equalTo(List.of("scope")))
        .body("errors[0].message", startsWith("vm-jit needs the resource id of a virtual machine"));
  }

  @Test
  void serverErrors_areRetried_untilThePortsOpen() throws Exception {
    sandbox.jitPolicy(List.of(vm), List.of(22), Duration.ofHours(3), List.of("*"));
    String id = as(alice).contentType(ContentType.JSON).body(body(List.of(22), SOURCE, "PT1H"))
        .post("/api/v1/access-requests").then().statusCode(201).extract().path("id");
    sandbox.failNext(4, 503);
    as(bob).contentType(ContentType.JSON).post("/api/v1/access-requests/" + id + "/approve").then().statusCode(200);
    awaitState(id, "ACTIVE");
    as(alice).get("/api/v1/access-requests/" + id + "/audit").then()
        .body("findAll { it.type == 'azure.call' }.details.status", hasItem(503));
    assertEquals(1, open().size());
  }

  @Test
  void throttling_isRetried_untilThePortsOpen() throws Exception {
    sandbox.jitPolicy(List.of(vm), List.of(22), Duration.ofHours(3), List.of("*"));
    String id = as(alice).contentType(ContentType.JSON).body(body(List.of(22), SOURCE, "PT1H"))
        .post("/api/v1/access-requests").then().statusCode(201).extract().path("id");
    sandbox.failNext(4, 429);
    as(bob).contentType(ContentType.JSON).post("/api/v1/access-requests/" + id + "/approve").then().statusCode(200);
    awaitState(id, "ACTIVE");
    as(alice).get("/api/v1/access-requests/" + id + "/audit").then()
        .body("findAll { it.type == 'azure.call' }.details.status", hasItem(429))
        .body("type", hasItem("request.grant_retry"));
    assertEquals(1, open().size(), "one access, however often it was tried");
  }
}

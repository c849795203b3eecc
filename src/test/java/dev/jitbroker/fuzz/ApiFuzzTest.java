package dev.jitbroker.fuzz;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jitbroker.fuzz.Operations.Op;
import dev.jitbroker.fuzz.Sender.Answer;
import dev.jitbroker.fuzz.StateProbe.Snapshot;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * Schema-driven fuzzing of every operation in openapi/openapi.yaml: malformed and boundary requests, with and
 * without valid tokens. Every answer must be below 500; every 4xx must be a problem document of the project's
 * shape; a refused call must change nothing; text a request stored must come back unchanged.
 *
 * <p>Generated from a fixed seed, so a run can be repeated: {@code -Dfuzz.seed=...} picks another seed,
 * {@code -Dfuzz.tries=...} the number of calls per operation (default 100).
 */
@QuarkusTest
class ApiFuzzTest {

  private static final long SEED = Long.getLong("fuzz.seed", 20_261_130L);
  private static final int TRIES = Integer.getInteger("fuzz.tries", 100);
  private static final String PROBLEMS = "https://jit-broker.dev/problems/";
  private static final String SUBSCRIPTION = "/subscriptions/11111111-2222-3333-4444-555555555555";
  private static final String AUTO_SCOPE = "/subscriptions/22222222-0000-4000-8000-000000000000/resourceGroups/auto-fuzz";
  private static final ObjectMapper JSON = new ObjectMapper();
  /** quarkus.http.limits.max-initial-line-length, the HTTP codec's default. */
  private static final int MAX_REQUEST_LINE = 4096;

  @TestHTTPResource("/")
  URI base;

  @Inject
  DataSource db;

  private final Callers callers = new Callers();
  private Sender sender;
  private StateProbe probe;

  @Test
  void everyOperation_withMalformedInput_answersProblemJson_andRefusalsChangeNothing() throws Exception {
    sender = new Sender(base);
    probe = new StateProbe(db, callers.oids());
    Operations operations = Operations.read("openapi/openapi.yaml");
    List<Op> ops = new ArrayList<>(operations.all());
    // Replacing the policy goes last, and the policy is put back afterwards.
    ops.sort(Comparator.comparing(op -> "replacePolicy".equals(op.id())));
    String policy = activePolicy();
    Findings findings = new Findings();
    Instant started = Instant.now();
    for (Op op : ops) {
      fuzz(op, policy, findings);
    }
    restorePolicy(policy);
    String report = "seed " + SEED + ", " + TRIES + " tries per operation, "
        + java.time.Duration.between(started, Instant.now()).toSeconds() + " s\n" + findings.report();
    Path out = Path.of("target", "fuzz", "api-fuzz.txt");
    Files.createDirectories(out.getParent());
    Files.writeString(out, report);
    System.out.println(report);
    assertTrue(findings.sent() >= ops.size() * TRIES, "every operation was called");
    assertTrue(findings.clean(), report);
  }

  private void fuzz(Op op, String policy, Findings findings) throws Exception {
    List<String> ids = fixtures(op);
    JsonValues values = new JsonValues(seeds(ids, policy));
    CallGenerator generator = new CallGenerator(values, callers, new Hooks());
    Gen<Call> calls = generator.calls(op);
    Random random = new Random(SEED ^ op.id().hashCode());
    for (int i = 0; i < TRIES; i++) {
      Call call = calls.next(random);
      Snapshot before = probe.take();
      Answer answer;
      try {
        answer = sendOnce(call, findings);
      } catch (IOException e) {
        if (requestLine(call) > MAX_REQUEST_LINE) {
          // The HTTP codec answers an overlong request line with 414 and closes the connection at
          // once; when the client is still sending the body, the close can reach it as a reset that
          // drops the 414. Refused before the service saw it, either way.
          findings.answered(op.id(), 0);
          findings.refusedByCodec();
          continue;
        }
        findings.answered(op.id(), 0);
        findings.fail(call, "no answer (" + e + ")", 0, "");
        continue;
      }
      findings.answered(op.id(), answer.status());
      check(op, call, answer, before, findings);
    }
  }

  /**
   * Sends the call; once more on a fresh connection if the first went on a connection the server had just
   * closed (after a 413 it closes the connection, and the client may not have noticed yet).
   */
  private Answer sendOnce(Call call, Findings findings) throws IOException, InterruptedException {
    try {
      return sender.send(call);
    } catch (IOException e) {
      findings.resent(call, e);
      return sender.send(call);
    }
  }

  private void check(Op op, Call call, Answer a, Snapshot before, Findings findings) throws Exception {
    int status = a.status();
    if (status == 414 && requestLine(call) > MAX_REQUEST_LINE || status == 431) {
      // The HTTP codec refuses an overlong request line or header block before the application sees it.
      findings.refusedByCodec();
      return;
    }
    if (status >= 500) {
      findings.fail(call, "server error", status, a.body());
    }
    if (status >= 400) {
      String shape = problemShape(a);
      if (shape != null) {
        findings.fail(call, "not a problem document: " + shape, status, a.body());
      }
      Snapshot after = probe.take();
      if (!after.equals(before)) {
        findings.fail(call, "refused, yet state changed " + before.counts() + " -> " + after.counts(), status, a.body());
      }
    }
    if (!call.validCaller() && op.needsToken() && call.method().equals(op.method())
        && !Set.of(401, 405, 406, 413, 415).contains(status)) {
      findings.fail(call, "a refused token got an answer other than 401", status, a.body());
    }
    if (a.body().contains("Exception") || a.body().contains("\tat ") || a.body().contains("dev.jitbroker.")) {
      findings.fail(call, "answer shows internals", status, a.body());
    }
    if (status == 201 && (op.id().equals("submitAccessRequest") || op.id().equals("extendAccessRequest"))) {
      roundTrip(call, a, findings);
    }
  }

  private static int requestLine(Call call) {
    return call.method().length() + call.path().length() + call.query().length() + " ? HTTP/1.1".length();
  }

  /** Why the answer is not a problem document of the project's shape, or null when it is. */
  private static String problemShape(Answer a) {
    if (!a.contentType().startsWith("application/problem+json")) {
      return "content type '" + a.contentType() + "'";
    }
    JsonNode p;
    try {
      p = JSON.readTree(a.body());
    } catch (IOException e) {
      return "body is not JSON";
    }
    if (p == null || !p.isObject()) {
      return "body is not a JSON object";
    }
    if (!p.path("type").asText("").startsWith(PROBLEMS)) {
      return "type '" + p.path("type") + "'";
    }
    if (p.path("title").asText("").isBlank() || p.path("detail").asText("").isBlank()) {
      return "no title or detail";
    }
    if (p.path("status").asInt() != a.status()) {
      return "status " + p.path("status") + " in the body";
    }
    if (p.has("errors")) {
      for (JsonNode e : p.get("errors")) {
        if (!e.path("field").isTextual() || !e.path("message").isTextual()) {
          return "an entry of errors without field and message";
        }
      }
    }
    return null;
  }

  /** Free text a request was stored with comes back exactly as sent, in the answer and when read again. */
  private void roundTrip(Call call, Answer a, Findings findings) throws Exception {
    JsonNode sent = JSON.readTree(call.body());
    JsonNode created = JSON.readTree(a.body());
    Call read = new Call(call.op(), call.caller(), true, "GET", "/api/v1/access-requests/" + created.path("id").asText(), "",
        Map.of("Authorization", call.headers().get("Authorization")), new byte[0], false, "read back");
    JsonNode stored = JSON.readTree(sender.send(read).body());
    for (String field : List.of("justification", "ticket", "scope", "role", "duration")) {
      if (sent.path(field).isTextual()) {
        String text = sent.get(field).asText();
        if (!text.equals(created.path(field).asText(null)) || !text.equals(stored.path(field).asText(null))) {
          findings.fail(call, "field '" + field + "' came back changed: " + stored.path(field), 201, a.body());
        }
      }
    }
  }

  /** Requests the calls can act on: pending ones by the fuzzing requester, and for extend and revoke an active one. */
  private List<String> fixtures(Op op) throws Exception {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      ids.add(submit(SUBSCRIPTION + "/resourceGroups/app-prod", "Contributor"));
    }
    if (op.id().equals("extendAccessRequest") || op.id().equals("revokeAccessRequest")) {
      String active = submit(AUTO_SCOPE, "Reader");
      awaitActive(active);
      ids.add(active);
    }
    return ids;
  }

  private String submit(String scope, String role) throws Exception {
    String body = JSON.writeValueAsString(Map.of("scope", scope, "role", role, "duration", "PT1H",
        "justification", "Fixture for the API fuzzer"));
    Answer a = sender.send(asRequester("POST", "/api/v1/access-requests", body));
    if (a.status() != 201) {
      throw new IllegalStateException("Fixture not created: " + a.status() + " " + a.body());
    }
    return JSON.readTree(a.body()).path("id").asText();
  }

  private void awaitActive(String id) throws Exception {
    Instant deadline = Instant.now().plusSeconds(60);
    while (Instant.now().isBefore(deadline)) {
      Answer a = sender.send(asRequester("GET", "/api/v1/access-requests/" + id, ""));
      if ("ACTIVE".equals(JSON.readTree(a.body()).path("state").asText())) {
        return;
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException("Fixture " + id + " never became ACTIVE");
  }

  private Call asRequester(String method, String path, String body) {
    Map<String, String> headers = new HashMap<>(Map.of("Authorization", callers.requester.bearer()));
    if (!body.isEmpty()) {
      headers.put("Content-Type", "application/json");
    }
    return new Call("fixture", "requester", true, method, path, "", headers, body.getBytes(StandardCharsets.UTF_8), false,
        "fixture");
  }

  private String activePolicy() throws Exception {
    Call get = new Call("fixture", "admin", true, "GET", "/api/v1/policy", "",
        Map.of("Authorization", callers.admin.bearer()), new byte[0], false, "fixture");
    return JSON.readTree(sender.send(get).body()).path("document").asText();
  }

  /** Puts the policy back if a generated document happened to be valid and replaced it. */
  private void restorePolicy(String document) throws Exception {
    if (!activePolicy().equals(document)) {
      Call put = new Call("fixture", "admin", true, "PUT", "/api/v1/policy", "",
          Map.of("Authorization", callers.admin.bearer(), "Content-Type", "application/yaml"),
          document.getBytes(StandardCharsets.UTF_8), false, "fixture");
      sender.send(put);
    }
  }

  /** Good values by field and parameter name, for the parts of a call the fuzzer leaves intact. */
  private Map<String, Gen<String>> seeds(List<String> ids, String policy) {
    List<String> notifications = new ArrayList<>(probe.someNotificationIds());
    Gen<String> uuid = r -> new UUID(r.nextLong(), r.nextLong()).toString();
    Gen<String> instant = Gen.longs(1_700_000_000L, 1_900_000_000L).map(s -> Instant.ofEpochSecond(s).toString());
    Map<String, Gen<String>> seeds = new HashMap<>();
    seeds.put("id", Gen.oneOf(Gen.of(ids), Gen.of(ids), uuid));
    seeds.put("requestId", Gen.oneOf(Gen.of(ids), uuid));
    seeds.put("scope", Gen.of(SUBSCRIPTION + "/resourceGroups/app-prod", SUBSCRIPTION,
        SUBSCRIPTION + "/resourceGroups/app-prod/providers/Microsoft.Compute/virtualMachines/vm1"));
    seeds.put("role", Gen.of("Reader", "Contributor", "acdd72a7-3385-48ef-bd42-f606fba81ae7"));
    seeds.put("duration", Gen.of("PT1H", "PT5M", "PT8H", "PT30M"));
    seeds.put("justification", Gen.of("Investigate INC-4711: checkout latency",
        "Unicode kept: \u05E9\u05DC\u05D5\u05DD \u0645\u0631\u062D\u0628\u0627 e\u0301 \uD83D\uDE00 \u202Eok\u202C"));
    seeds.put("ticket", Gen.of("INC-4711", "CHG-1", "\u05D0-1"));
    seeds.put("principalId", Gen.oneOf(uuid, Gen.just(callers.requester.oid())));
    seeds.put("grantType", Gen.of("azure-rbac", "azure-pim", "managed-app-jit", "vm-jit"));
    seeds.put("sourceAddressPrefix", Gen.of("203.0.113.7", "203.0.113.0/28", "2001:db8::1"));
    seeds.put("comment", Gen.of("ok", "fine by me \u0645\u0631\u062D\u0628\u0627 \uD83D\uDC4D"));
    seeds.put("approver", Gen.of("5a1e0000-0000-4000-8000-0000000000b1", "5a1e0000-0000-4000-8000-0000000000b2"));
    seeds.put("requester", Gen.of("me", callers.requester.oid()));
    seeds.put("actor", Gen.of(callers.requester.oid(), "system"));
    seeds.put("type", Gen.of("request.submitted", "request.approved", "hook.refused"));
    seeds.put("from", instant);
    seeds.put("to", instant);
    seeds.put("cursor", Gen.of("MjAyNi0wMS0wMVQwMDowMDowMFp8MDAwMDAwMDAtMDAwMC0wMDAwLTAwMDAtMDAwMDAwMDAwMDAw"));
    seeds.put("Idempotency-Key", Gen.alphanumeric(8, 40).map(s -> "fuzz-" + s));
    seeds.put("Jit-Integration", Gen.just(Hooks.INTEGRATION));
    seeds.put("webhook-id", Gen.alphanumeric(8, 30).map(s -> "msg_" + s));
    seeds.put("webhook-timestamp", Gen.just(String.valueOf(Instant.now().getEpochSecond())));
    seeds.put("X-Slack-Request-Timestamp", Gen.just(String.valueOf(Instant.now().getEpochSecond())));
    seeds.put("payload", Gen.of(ids).map(id -> "{\"type\":\"block_actions\",\"user\":{\"id\":\"UHANA\"},"
        + "\"actions\":[{\"action_id\":\"approve\",\"value\":\"" + id + "\"}],\"response_url\":\"http://127.0.0.1:9/x\"}"));
    seeds.put("document", Gen.just(policy));
    if (!notifications.isEmpty()) {
      seeds.put("id", Gen.oneOf(Gen.of(ids), Gen.of(notifications), uuid));
    }
    return seeds;
  }
}

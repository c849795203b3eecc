package dev.jitbroker.api;

import static dev.jitbroker.testsupport.Contract.as;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jitbroker.testsupport.Tokens;
import dev.jitbroker.testsupport.Tokens.User;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Oversized and deeply nested bodies, and text in every script: refused with a problem document, or kept exactly. */
@QuarkusTest
class BodyLimitsApiTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private final User carol = Tokens.newUser("carol");

  @TestHTTPResource("/api/v1/access-requests")
  URI requests;

  /** The service's own ObjectMapper. */
  @Inject
  ObjectMapper json;

  @Test
  void submit_withDeclaredLengthOverTheLimit_is413ProblemJson() throws Exception {
    HttpResponse<String> r = post(oversized(), false);
    assertTooLarge(r);
  }

  @Test
  void submit_withChunkedBodyOverTheLimit_is413ProblemJson() throws Exception {
    HttpResponse<String> r = post(oversized(), true);
    assertTooLarge(r);
  }

  @Test
  void submit_withChunkedBodyWithinTheLimit_isTaken() throws Exception {
    HttpResponse<String> r = post(JSON.writeValueAsBytes(Requests.valid()), true);
    assertEquals(201, r.statusCode(), r.body());
  }

  @Test
  void submit_nestedTenThousandDeep_is400MalformedBody() {
    String deep = "[".repeat(10_000) + "]".repeat(10_000);
    as(carol).contentType(ContentType.JSON).body(deep).post("/api/v1/access-requests")
        .then().statusCode(400).contentType("application/problem+json")
        .body("type", endsWith("/malformed-body"));
  }

  /** Bodies bound to records fail on the first wrong type; whatever is read as a tree (Slack's payload) is capped. */
  @Test
  void jsonReadAsTree_nestedDeeperThanTheLimit_isRefusedByTheParser() throws Exception {
    String limit = "[".repeat(JsonLimits.MAX_DEPTH) + "]".repeat(JsonLimits.MAX_DEPTH);
    String deeper = "[".repeat(JsonLimits.MAX_DEPTH + 1) + "]".repeat(JsonLimits.MAX_DEPTH + 1);
    assertTrue(json.readTree(limit).isArray());
    assertThrows(StreamConstraintsException.class, () -> json.readTree(deeper));
  }

  /** Right-to-left text, combining marks, emoji sequences, CJK, zero-width and bidi controls. */
  @ParameterizedTest
  @ValueSource(strings = {
      "\u05D1\u05D3\u05D9\u05E7\u05EA \u05EA\u05E7\u05DC\u05D4 \u05D1\u05E9\u05E8\u05EA INC-4711",
      "\u0641\u062D\u0635 \u0627\u0644\u0639\u0637\u0644 \u0641\u064A \u0627\u0644\u062E\u0627\u062F\u0645",
      "Ze\u0301\u0301\u0301bra\u0327 co\u0308\u0304mbining marks",
      "On call \uD83D\uDC69\u200D\uD83D\uDCBB\uD83D\uDD25 emoji sequence",
      "\u8ABF\u67FB\u306E\u305F\u3081\u306E\u30A2\u30AF\u30BB\u30B9 \u6545\u969C",
      "bidi \u202Ereversed\u202C and \u2067isolate\u2069 zero\u200Bwidth"})
  void submit_withUnicodeJustification_storesAndReturnsItUnchanged(String text) throws Exception {
    Map<String, Object> body = Requests.with("justification", text);
    String id = as(carol).contentType(ContentType.JSON).body(JSON.writeValueAsBytes(body))
        .post("/api/v1/access-requests")
        .then().statusCode(201).body("justification", equalTo(text)).extract().path("id");
    as(carol).get("/api/v1/access-requests/" + id).then().statusCode(200).body("justification", equalTo(text));
  }

  /** NUL and unpaired surrogates (sent as JSON escapes) cannot be stored as they are, so they are refused. */
  @ParameterizedTest
  @ValueSource(strings = {"\\u0000", "\\ud800", "\\udc00", "\\ud83d"})
  void submit_withUnstorableCharacterInJustification_is400NamingTheField(String escape) {
    String body = "{\"scope\":\"" + Requests.RESOURCE_GROUP + "\",\"role\":\"Reader\",\"duration\":\"PT1H\","
        + "\"justification\":\"Investigate the outage " + escape + " now\"}";
    as(carol).contentType(ContentType.JSON).body(body.getBytes(StandardCharsets.UTF_8)).post("/api/v1/access-requests")
        .then().statusCode(400).contentType("application/problem+json")
        .body("type", endsWith("/validation"))
        .body("errors.field", hasItem("justification"));
  }

  private HttpResponse<String> post(byte[] body, boolean chunked) throws Exception {
    HttpRequest.BodyPublisher publisher = chunked
        ? HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))
        : HttpRequest.BodyPublishers.ofByteArray(body);
    return client.send(HttpRequest.newBuilder(requests).header("Authorization", carol.bearer())
        .header("Content-Type", "application/json").POST(publisher).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static byte[] oversized() throws Exception {
    return JSON.writeValueAsBytes(Requests.with("justification", "x".repeat(70 * 1024)));
  }

  private static void assertTooLarge(HttpResponse<String> r) throws Exception {
    assertEquals(413, r.statusCode());
    assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"),
        "problem document, not " + r.headers().firstValue("Content-Type"));
    JsonNode problem = JSON.readTree(r.body());
    assertEquals("https://jit-broker.dev/problems/http-413", problem.path("type").asText());
    assertEquals(413, problem.path("status").asInt());
    assertTrue(problem.path("detail").asText().contains("64 KiB"), problem.toString());
  }
}

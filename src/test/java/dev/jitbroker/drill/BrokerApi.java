package dev.jitbroker.drill;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jitbroker.testsupport.Tokens;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The calls of the mixed-load drills, through any broker's API: submits to any scope, decisions,
 * revokes, the request list, each request's audit trail and the chain check. Answers are returned as
 * they come (status and body), so a drill can tell a refusal (4xx) from a crash of ours (500).
 */
final class BrokerApi {

  /** An answer: its status and parsed body (null when not JSON). */
  record Answer(int status, JsonNode body) {
    boolean ok() {
      return status / 100 == 2;
    }
  }

  private final Drill drill;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

  BrokerApi(Drill drill) {
    this.drill = drill;
  }

  /** Submits a Reader request on {@code scope} for {@code user}. */
  Answer submit(URI api, Tokens.User user, String scope, Duration duration) throws IOException, InterruptedException {
    String body = Drill.JSON.createObjectNode()
        .put("scope", scope)
        .put("role", "Reader")
        .put("duration", duration.toString())
        .put("justification", "Drill: a mixed load while brokers are killed")
        .toString();
    return send(HttpRequest.newBuilder(api.resolve("/api/v1/access-requests"))
        .header("Authorization", drill.bearer(user))
        .header("Content-Type", "application/json")
        .header("Idempotency-Key", "drill-" + UUID.randomUUID())
        .POST(HttpRequest.BodyPublishers.ofString(body)));
  }

  /** {@code action} is {@code approve}, {@code deny}, {@code cancel} or {@code revoke}. */
  Answer act(URI api, UUID id, String action, Tokens.User as) throws IOException, InterruptedException {
    return send(HttpRequest.newBuilder(api.resolve("/api/v1/access-requests/" + id + "/" + action))
        .header("Authorization", drill.bearer(as))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"comment\":\"drill " + action + "\"}")));
  }

  /** Every request in the database, newest first, as an auditor sees them. */
  List<JsonNode> allRequests(URI api) throws IOException, InterruptedException {
    List<JsonNode> all = new ArrayList<>();
    String cursor = null;
    do {
      JsonNode page = get(api, "/api/v1/access-requests?limit=100"
          + (cursor == null ? "" : "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8)));
      page.get("items").forEach(all::add);
      cursor = page.path("nextCursor").isNull() ? null : page.path("nextCursor").asText(null);
    } while (cursor != null);
    return all;
  }

  /** A request's audit events, oldest first. */
  List<JsonNode> trail(URI api, UUID id) throws IOException, InterruptedException {
    List<JsonNode> events = new ArrayList<>();
    get(api, "/api/v1/access-requests/" + id + "/audit").forEach(events::add);
    return events;
  }

  /** The audit chain check: {@code valid}, {@code checked}, {@code unsealed}, {@code firstBrokenSeq}, {@code reason}. */
  JsonNode verifyAudit(URI api) throws IOException, InterruptedException {
    return get(api, "/api/v1/audit-events/verify");
  }

  JsonNode get(URI api, String path) throws IOException, InterruptedException {
    Answer answer = send(HttpRequest.newBuilder(api.resolve(path)).header("Authorization", drill.auditorBearer()).GET());
    if (answer.status() != 200) {
      throw new AssertionError("GET " + path + " answered " + answer.status() + ": " + answer.body());
    }
    return answer.body();
  }

  private Answer send(HttpRequest.Builder request) throws IOException, InterruptedException {
    HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(30)).build(),
        HttpResponse.BodyHandlers.ofString());
    JsonNode body;
    try {
      body = response.body().isEmpty() ? null : Drill.JSON.readTree(response.body());
    } catch (IOException notJson) {
      body = Drill.JSON.getNodeFactory().textNode(response.body());
    }
    return new Answer(response.statusCode(), body);
  }
}

package dev.jitbroker.bench;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** One HTTP request of a load: what {@link RawHttp} writes on a client's connection. */
record Call(String method, URI uri, Map<String, String> headers, byte[] body) {

  static Call get(URI uri, String bearer) {
    return new Call("GET", uri, Map.of("Authorization", bearer), null);
  }

  static Call postJson(URI uri, String bearer, String idempotencyKey, String json) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Authorization", bearer);
    headers.put("Content-Type", "application/json");
    headers.put("Idempotency-Key", idempotencyKey);
    return new Call("POST", uri, headers, json.getBytes(StandardCharsets.UTF_8));
  }

  /** The same request for {@code java.net.http}, where a benchmark sends one at a time. */
  HttpRequest toHttpRequest() {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60));
    headers.forEach(b::header);
    return b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body))
        .build();
  }
}

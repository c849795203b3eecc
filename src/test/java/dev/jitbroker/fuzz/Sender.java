package dev.jitbroker.fuzz;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/** Sends calls as they are, byte for byte, with the JDK's client (no client-side checks or rewriting). */
final class Sender {

  /** An answer: status, content type (or empty) and body text. */
  record Answer(int status, String contentType, String body, Map<String, java.util.List<String>> headers) {}

  private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(10)).build();
  private final URI base;

  Sender(URI base) {
    this.base = base;
  }

  Answer send(Call call) throws IOException, InterruptedException {
    URI uri = base.resolve(call.path() + (call.query().isEmpty() ? "" : "?" + call.query()));
    HttpRequest.BodyPublisher body = call.chunked()
        ? HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(call.body()))
        : HttpRequest.BodyPublishers.ofByteArray(call.body());
    HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
        .method(call.method(), body);
    call.headers().forEach(request::header);
    HttpResponse<byte[]> response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    return new Answer(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
        new String(response.body(), StandardCharsets.UTF_8), response.headers().map());
  }
}

package dev.jitbroker.grant.azure;

import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpMethod;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import com.azure.core.management.exception.ManagementError;
import com.azure.core.management.exception.ManagementException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.jitbroker.grant.GrantFailure;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * Microsoft.Solutions calls (api-version 2021-07-01) through the SDK pipeline, which has no typed client
 * here: JSON in and out, every call recorded, ARM errors translated into {@link GrantFailure}.
 */
final class SolutionsRest {

  static final String API_VERSION = "2021-07-01";
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One ARM answer: its status, its JSON body (missing when empty), and the headers an async operation needs. */
  record Reply(int status, JsonNode body, String asyncOperation, String location, Duration retryAfter) {}

  private final AzureClients clients;

  SolutionsRest(AzureClients clients) {
    this.clients = clients;
  }

  /** The resource, or empty when ARM answers 404. */
  Optional<JsonNode> get(String pathOrUrl, String doing) throws GrantFailure {
    Reply r = call(HttpMethod.GET, pathOrUrl, null, doing, true);
    return r.status() == 404 ? Optional.empty() : Optional.of(r.body());
  }

  /** A call that must succeed (2xx); 404 counts as success only for {@code DELETE}. */
  Reply send(HttpMethod method, String pathOrUrl, JsonNode body, String doing) throws GrantFailure {
    return call(method, pathOrUrl, body, doing, method == HttpMethod.DELETE);
  }

  /** Whether a URL ARM handed back (an operation to poll, a next page) lies on the configured ARM endpoint. */
  boolean onArm(String url) {
    try {
      URI given = URI.create(url);
      URI arm = URI.create(clients.armEndpoint());
      return "https".equalsIgnoreCase(given.getScheme()) && arm.getHost().equalsIgnoreCase(given.getHost())
          && arm.getPort() == given.getPort();
    } catch (IllegalArgumentException | NullPointerException e) {
      return false;
    }
  }

  /** The full URL of an ARM path, with the api-version; a URL ARM handed back is used as it is. */
  String url(String pathOrUrl) {
    if (pathOrUrl.startsWith("https://")) {
      return pathOrUrl;
    }
    return clients.armEndpoint() + pathOrUrl + (pathOrUrl.contains("?") ? "&" : "?") + "api-version=" + API_VERSION;
  }

  private Reply call(HttpMethod method, String pathOrUrl, JsonNode body, String doing, boolean notFoundIsAnswer)
      throws GrantFailure {
    HttpRequest request = new HttpRequest(method, url(pathOrUrl));
    if (body != null) {
      request.setHeader(HttpHeaderName.CONTENT_TYPE, "application/json");
      request.setBody(bytes(body));
    }
    // The reactive send, blocked on (callers are worker threads): the SDK's sync send over Vert.x trips on
    // error responses the retry policy discards unread.
    try (HttpResponse response = clients.pipeline().send(request, ArmCallRecorder.context()).block()) {
      int status = response.getStatusCode();
      JsonNode json = parse(response.getBodyAsByteArray().block());
      if (status / 100 == 2 || status == 404 && notFoundIsAnswer) {
        return new Reply(status, json, response.getHeaderValue("Azure-AsyncOperation"),
            response.getHeaderValue(HttpHeaderName.LOCATION), retryAfter(response.getHeaderValue(HttpHeaderName.RETRY_AFTER)));
      }
      JsonNode error = json.path("error");
      ManagementError detail = new ManagementError(error.path("code").asText(null), error.path("message").asText(null));
      throw ArmErrors.translate(new ManagementException(doing + ": HTTP " + status, response, detail), doing);
    } catch (GrantFailure f) {
      throw f;
    } catch (RuntimeException e) {
      throw ArmErrors.translate(e, doing);
    }
  }

  static Duration retryAfter(String value) {
    if (value == null) {
      return null;
    }
    try {
      return Duration.ofSeconds(Math.max(0, Long.parseLong(value.trim())));
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static JsonNode parse(byte[] bytes) {
    if (bytes == null || bytes.length == 0) {
      return MissingNode.getInstance();
    }
    try {
      return JSON.readTree(bytes);
    } catch (IOException e) {
      return MissingNode.getInstance();
    }
  }

  private static byte[] bytes(JsonNode node) {
    try {
      return JSON.writeValueAsBytes(node);
    } catch (IOException e) {
      throw new IllegalStateException("cannot write JSON", e);
    }
  }

  static ObjectMapper json() {
    return JSON;
  }
}

package dev.jitbroker.notify;

import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * The one outbound HTTP client of the channels: a timeout on every call, and HTTP outcomes turned into
 * {@link DeliveryFailure}s the dispatcher retries or gives up on. Retries themselves are the outbox's
 * (a row with a next attempt), so they survive a restart. Errors name the receiver's host only: the
 * path or query of a Teams workflow URL is its secret.
 */
@ApplicationScoped
public class HttpDelivery {

  /** How much of a refusing receiver's answer is kept for the admin's diagnosis. */
  private static final int BODY_HINT = 200;

  private final HttpClient client;
  private final Duration timeout;

  HttpDelivery(NotifyConfig config) {
    this.timeout = config.timeout();
    this.client = HttpClient.newBuilder()
        .connectTimeout(timeout)
        .followRedirects(HttpClient.Redirect.NEVER)
        .build();
  }

  /** POSTs {@code body}; returns the answer of a 2xx, throws for anything else. */
  public HttpResponse<String> post(URI uri, Map<String, String> headers, String body) throws DeliveryFailure {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri)
        .timeout(timeout)
        .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    headers.forEach(request::header);
    HttpResponse<String> response;
    try {
      response = client.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (HttpTimeoutException e) {
      throw DeliveryFailure.transientFailure(where(uri) + " did not answer within " + timeout + ".", null);
    } catch (IOException e) {
      // Only the host: a message that quoted the full URL would leak a Teams workflow's signature.
      String detail = e.getMessage() == null ? "" : " " + e.getMessage().replace(uri.toString(), where(uri));
      throw DeliveryFailure.transientFailure("Could not reach " + where(uri) + ": " + e.getClass().getSimpleName()
          + detail + ".", null);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw DeliveryFailure.transientFailure("Sending to " + where(uri) + " was interrupted (shutting down).", null);
    }
    int status = response.statusCode();
    if (status >= 200 && status < 300) {
      return response;
    }
    String answer = where(uri) + " answered HTTP " + status + hint(response.body());
    if (status == 408 || status == 425 || status == 429 || status >= 500) {
      throw DeliveryFailure.transientFailure(answer + ".", retryAfter(response));
    }
    throw DeliveryFailure.permanent(answer + ". It refused the message: check the channel's URL and credentials, "
        + "then replay the notification.");
  }

  /** The receiver as an error may name it: scheme, host and port, never path or query. */
  static String where(URI uri) {
    return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
  }

  private static String hint(String body) {
    if (body == null || body.isBlank()) {
      return "";
    }
    String oneLine = body.strip().replaceAll("\\s+", " ");
    return " (" + (oneLine.length() > BODY_HINT ? oneLine.substring(0, BODY_HINT) + "..." : oneLine) + ")";
  }

  /** Retry-After in seconds (the form Slack and most receivers use); null when absent or a date. */
  static Duration retryAfter(HttpResponse<?> response) {
    Optional<String> value = response.headers().firstValue("Retry-After");
    if (value.isEmpty()) {
      return null;
    }
    try {
      long seconds = Long.parseLong(value.get().strip());
      return seconds < 0 ? null : Duration.ofSeconds(Math.min(seconds, 3600));
    } catch (NumberFormatException e) {
      return null;
    }
  }
}

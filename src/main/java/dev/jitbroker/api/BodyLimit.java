package dev.jitbroker.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Refuses a body larger than {@code quarkus.http.limits.max-body-size} with 413 and a problem document. A
 * declared length is checked before anything reads the body; a chunked body (no length) is read here, up to
 * the limit, and handed on in memory. The HTTP layer's own checks, which come after these, answer 413 with
 * no body at all.
 */
@ApplicationScoped
public class BodyLimit {

  /** Runs just before the HTTP layer's own size check (route order -2). */
  private static final int ORDER = -3;
  /**
   * How much of a refused body is read and dropped before the connection closes. A client still sending
   * when the connection closes may never read the 413 (its unread bytes make the close a reset); past this,
   * the connection is closed at once.
   */
  static final long DRAIN_MAX = 8L * 1024 * 1024;

  void install(@Observes Router router, ObjectMapper json,
      @ConfigProperty(name = "quarkus.http.limits.max-body-size") Optional<MemorySize> limit) {
    limit.ifPresent(max -> router.route().order(ORDER).handler(ctx -> {
      if (isChunked(ctx)) {
        readChunked(ctx, max.asLongValue(), json);
      } else {
        check(ctx, max.asLongValue(), json);
      }
    }));
  }

  /** Reads a chunked body up to the limit and hands it on in memory; past the limit, refuses it. */
  private static void readChunked(RoutingContext ctx, long max, ObjectMapper json) {
    HttpServerRequest request = ctx.request();
    Buffer body = Buffer.buffer();
    boolean[] refused = {false};
    long[] dropped = {0};
    request.handler(chunk -> {
      if (refused[0]) {
        dropped[0] += chunk.length();
        if (dropped[0] > DRAIN_MAX) {
          request.connection().close();
        }
        return;
      }
      if (body.length() + chunk.length() > max) {
        refused[0] = true;
        tooLarge(ctx, max, json);
      } else {
        body.appendBuffer(chunk);
      }
    });
    request.exceptionHandler(ctx::fail);
    request.endHandler(v -> {
      if (refused[0]) {
        request.connection().close();
      } else {
        ctx.setBody(body);
        ctx.next();
      }
    });
    request.resume();
  }

  private static boolean isChunked(RoutingContext ctx) {
    return ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH) == null
        && ctx.request().headers().contains(HttpHeaders.TRANSFER_ENCODING, "chunked", true);
  }

  private static void check(RoutingContext ctx, long max, ObjectMapper json) {
    String declared = ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH);
    long length;
    try {
      length = declared == null ? -1 : Long.parseLong(declared.strip());
    } catch (NumberFormatException e) {
      length = -1;
    }
    if (length <= max) {
      ctx.next();
      return;
    }
    tooLarge(ctx, max, json);
    HttpServerRequest request = ctx.request();
    if (length > DRAIN_MAX || request.isEnded()) {
      ctx.response().endHandler(v -> request.connection().close());
      return;
    }
    // Read the rest of the declared body and drop it, so the caller gets to read the answer; then close.
    request.handler(chunk -> { });
    request.exceptionHandler(e -> request.connection().close());
    request.endHandler(v -> request.connection().close());
    request.resume();
  }

  private static void tooLarge(RoutingContext ctx, long max, ObjectMapper json) {
    Problem problem = Problem.of("http-413", "Request Entity Too Large", 413,
        "The body is larger than the " + max / 1024 + " KiB this service accepts.").at(ctx.request().path());
    String body;
    try {
      body = json.writeValueAsString(problem);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    // The caller may still be sending the rest of the body: the callers above drop it, then close.
    ctx.response().setStatusCode(413)
        .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
        .putHeader(HttpHeaders.CONNECTION, "close")
        .end(body);
  }
}

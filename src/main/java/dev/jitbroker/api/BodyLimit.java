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
    request.handler(chunk -> {
      if (refused[0]) {
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
      if (!refused[0]) {
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
    // The caller may still be sending the rest of the body: answer, then close the connection.
    ctx.response().setStatusCode(413)
        .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
        .putHeader(HttpHeaders.CONNECTION, "close")
        .endHandler(v -> ctx.request().connection().close())
        .end(body);
  }
}

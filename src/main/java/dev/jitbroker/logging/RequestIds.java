package dev.jitbroker.logging;

import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.UUID;
import java.util.regex.Pattern;
import org.jboss.logging.MDC;

/**
 * Gives every HTTP request a request id and a correlation id, in every log line written while it is
 * handled (the MDC) and in the answer's headers.
 *
 * <ul>
 *   <li>request id: the caller's {@code X-Request-Id} when it is a plain token of at most 128
 *       characters, otherwise a new UUID;
 *   <li>correlation id: the trace id of a W3C {@code traceparent}, else the caller's
 *       {@code X-Correlation-Id} (same rule as the request id), else the request id.
 * </ul>
 *
 * Anything else a caller sends is never copied into the logs, so a header cannot forge log lines.
 */
@ApplicationScoped
public class RequestIds {

  /** The request id header, read and answered. */
  public static final String REQUEST_ID_HEADER = "X-Request-Id";
  /** The correlation id header, read and answered. */
  public static final String CORRELATION_ID_HEADER = "X-Correlation-Id";

  private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9._:@/+=-]{1,128}");
  private static final Pattern TRACEPARENT = Pattern.compile("[0-9a-f]{2}-([0-9a-f]{32})-[0-9a-f]{16}-[0-9a-f]{2}");
  private static final String NO_TRACE = "0".repeat(32);

  void install(@Observes Router router) {
    // Before every other route, so the ids are in place for all that follows, /q/* included.
    router.route().order(Integer.MIN_VALUE).handler(this::tag);
  }

  private void tag(RoutingContext ctx) {
    HttpServerRequest request = ctx.request();
    String requestId = usable(request.getHeader(REQUEST_ID_HEADER));
    if (requestId == null) {
      requestId = UUID.randomUUID().toString();
    }
    String correlationId = traceId(request.getHeader("traceparent"));
    if (correlationId == null) {
      correlationId = usable(request.getHeader(CORRELATION_ID_HEADER));
    }
    if (correlationId == null) {
      correlationId = requestId;
    }
    // On Quarkus, the MDC of a request lives in its own Vert.x context: the worker thread that runs
    // the resource sees these values, and the next request starts without them.
    MDC.put(LogContext.REQUEST_ID, requestId);
    MDC.put(LogContext.CORRELATION_ID, correlationId);
    ctx.response().putHeader(REQUEST_ID_HEADER, requestId);
    ctx.response().putHeader(CORRELATION_ID_HEADER, correlationId);
    ctx.next();
  }

  static String usable(String header) {
    return header != null && TOKEN.matcher(header).matches() ? header : null;
  }

  static String traceId(String traceparent) {
    if (traceparent == null) {
      return null;
    }
    var m = TRACEPARENT.matcher(traceparent.strip());
    return m.matches() && !NO_TRACE.equals(m.group(1)) ? m.group(1) : null;
  }
}

package dev.jitbroker.logging;

import org.jboss.logging.MDC;

/**
 * The keys jit-broker puts into every log line's context (the MDC), and a scope that sets one and puts
 * back what was there before. JSON logs carry them as fields; the plain format prints them.
 */
public final class LogContext {

  /** The id of the HTTP request: the caller's {@code X-Request-Id} when it is usable, otherwise made here. */
  public static final String REQUEST_ID = "requestId";
  /** The id that ties this request to others of the same operation: the W3C trace id, {@code X-Correlation-Id}, or the request id. */
  public static final String CORRELATION_ID = "correlationId";
  /** The access request a worker is handling. */
  public static final String ACCESS_REQUEST_ID = "accessRequestId";
  /** The notification the dispatcher is delivering. */
  public static final String NOTIFICATION_ID = "notificationId";

  private LogContext() {}

  /** Sets {@code key} until the scope is closed, then restores its earlier value (or removes it). */
  public static Scope put(String key, String value) {
    Object before = MDC.get(key);
    MDC.put(key, value);
    return () -> {
      if (before == null) {
        MDC.remove(key);
      } else {
        MDC.put(key, before);
      }
    };
  }

  /** A span during which a key is set. */
  public interface Scope extends AutoCloseable {
    @Override
    void close();
  }
}

package dev.jitbroker.grant.azure;

import com.azure.core.http.HttpPipelineCallContext;
import com.azure.core.http.HttpPipelineNextPolicy;
import com.azure.core.http.HttpPipelineNextSyncPolicy;
import com.azure.core.http.HttpPipelinePosition;
import com.azure.core.http.HttpResponse;
import com.azure.core.http.policy.HttpPipelinePolicy;
import java.net.URL;
import java.time.Duration;
import com.azure.core.util.Context;
import dev.jitbroker.grant.CallLog;
import dev.jitbroker.grant.ExternalCall;
import java.util.List;
import java.util.function.Consumer;
import reactor.core.publisher.Mono;

/**
 * Records every attempt of every ARM call made with {@link #context()}, so the worker that made the
 * calls can write them to the audit trail in its own transaction. The list travels in the SDK's
 * {@link Context}, so it collects calls whichever thread the SDK runs them on. Every attempt of every
 * call, with or without that context, is also told to {@code observer} (the metrics).
 */
public final class ArmCallRecorder implements HttpPipelinePolicy {

  private static final String KEY = "jit-broker.arm-calls";

  private final Consumer<ExternalCall> observer;

  ArmCallRecorder(Consumer<ExternalCall> observer) {
    this.observer = observer;
  }

  /** The SDK context to pass to every call made for the current thread's work. */
  static Context context() {
    return new Context(KEY, CallLog.current());
  }

  @Override
  public HttpPipelinePosition getPipelinePosition() {
    return HttpPipelinePosition.PER_RETRY;
  }

  @Override
  public HttpResponse processSync(HttpPipelineCallContext context, HttpPipelineNextSyncPolicy next) {
    long start = System.nanoTime();
    try {
      HttpResponse response = next.processSync();
      record(context, response, start);
      return response;
    } catch (RuntimeException e) {
      record(context, null, start);
      throw e;
    }
  }

  @Override
  public Mono<HttpResponse> process(HttpPipelineCallContext context, HttpPipelineNextPolicy next) {
    long start = System.nanoTime();
    return next.process().doOnNext(r -> record(context, r, start)).doOnError(e -> record(context, null, start));
  }

  @SuppressWarnings("unchecked")
  private void record(HttpPipelineCallContext context, HttpResponse response, long start) {
    URL url = context.getHttpRequest().getUrl();
    ExternalCall call = new ExternalCall(
        context.getHttpRequest().getHttpMethod().name(),
        url.getPath(),
        response == null ? 0 : response.getStatusCode(),
        response == null ? null : response.getHeaderValue("x-ms-request-id"),
        response == null ? null : response.getHeaderValue("x-ms-correlation-request-id"),
        Duration.ofNanos(System.nanoTime() - start));
    try {
      observer.accept(call);
    } catch (RuntimeException e) {
      // Counting a call never fails it (e.g. a call still answering while the service shuts down).
    }
    List<ExternalCall> calls = (List<ExternalCall>) context.getData(KEY).orElse(null);
    if (calls != null) {
      calls.add(call);
    }
  }
}

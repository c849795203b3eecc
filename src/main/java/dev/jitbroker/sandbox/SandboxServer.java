package dev.jitbroker.sandbox;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** The sandbox's own HTTPS listener on 127.0.0.1, separate from the service's API port. */
final class SandboxServer {

  static final String HOST = "127.0.0.1";
  private static final int BODY_LIMIT = 1024 * 1024;

  private final HttpServer server;

  private SandboxServer(HttpServer server) {
    this.server = server;
  }

  /** Listens on {@code port} (0 = any free port) and waits until it does. */
  static SandboxServer start(Vertx vertx, Emulator emulator, SandboxCertificate certificate, int port,
      Duration timeout) {
    Router router = Router.router(vertx);
    router.route().handler(BodyHandler.create(false).setBodyLimit(BODY_LIMIT));
    new ControlApi(emulator).mount(router);
    ArmGateway gateway = new ArmGateway(vertx, emulator);
    router.route().handler(gateway);
    router.route().failureHandler(gateway::fail);
    HttpServerOptions options = new HttpServerOptions()
        .setHost(HOST)
        .setPort(port)
        .setSsl(true)
        .setKeyCertOptions(new PemKeyCertOptions()
            .setCertValue(Buffer.buffer(certificate.certificatePem()))
            .setKeyValue(Buffer.buffer(certificate.privateKeyPem())));
    HttpServer server = vertx.createHttpServer(options).requestHandler(router);
    return new SandboxServer(await(server.listen().toCompletionStage().toCompletableFuture(), timeout));
  }

  int port() {
    return server.actualPort();
  }

  void stop(Duration timeout) {
    await(server.close().toCompletionStage().toCompletableFuture(), timeout);
  }

  private static <T> T await(CompletableFuture<T> future, Duration timeout) {
    try {
      return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while starting or stopping the ARM sandbox", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("the ARM sandbox HTTPS server did not start or stop: " + e.getMessage(), e);
    }
  }
}

package dev.jitbroker.api;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** A real HTTP server on loopback standing in for Slack's response_url: it keeps every body posted to it, by path. */
final class HookReceiver implements AutoCloseable {

  private final HttpServer server;
  private final Map<String, List<String>> received = new ConcurrentHashMap<>();

  HookReceiver() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", exchange -> {
      byte[] body = exchange.getRequestBody().readAllBytes();
      received.computeIfAbsent(exchange.getRequestURI().getPath(), p -> new CopyOnWriteArrayList<>())
          .add(new String(body, StandardCharsets.UTF_8));
      exchange.sendResponseHeaders(200, -1);
      exchange.close();
    });
    server.start();
  }

  /** A fresh URL on this receiver, such as Slack puts in a payload's response_url. */
  String newUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/actions/" + UUID.randomUUID();
  }

  /** The bodies posted to {@code url} once there are {@code count}, waiting up to a generous deadline. */
  List<String> await(String url, int count) throws InterruptedException {
    String path = java.net.URI.create(url).getPath();
    Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
    while (Instant.now().isBefore(deadline)) {
      List<String> bodies = received.getOrDefault(path, List.of());
      if (bodies.size() >= count) {
        return List.copyOf(bodies);
      }
      Thread.sleep(50);
    }
    throw new AssertionError("nothing posted to " + path + " within 20 s");
  }

  @Override
  public void close() {
    server.stop(0);
  }
}

package dev.jitbroker.notify;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * A real HTTP server on loopback standing in for webhook receivers, Slack's Web API and a Teams
 * workflow: it records every request and answers as scripted per path (a queue of replies, then a default).
 */
public final class LoopbackReceiver {

  /** A request as received. Header names are lower case. */
  public record Received(String path, String query, Map<String, String> headers, String body) {
    public String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }
  }

  /** An answer: a status and body, after an optional delay (longer than the broker's timeout: a hang). */
  public record Reply(int status, String body, Duration delay) {
    public static Reply ok(String body) {
      return new Reply(200, body, Duration.ZERO);
    }

    public static Reply status(int status) {
      return new Reply(status, "{\"error\":\"scripted " + status + "\"}", Duration.ZERO);
    }

    public static Reply hang(Duration delay) {
      return new Reply(200, "{}", delay);
    }
  }

  private final HttpServer server;
  private final List<Received> received = new CopyOnWriteArrayList<>();
  private final Map<String, Deque<Reply>> scripts = new ConcurrentHashMap<>();
  private final Map<String, Reply> defaults = new ConcurrentHashMap<>();

  public LoopbackReceiver() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(Executors.newCachedThreadPool());
    server.createContext("/", this::handle);
    server.start();
  }

  public String base() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  public void stop() {
    server.stop(0);
  }

  /** Answers requests to {@code path} with these replies first, then with {@code then} from there on. */
  public synchronized void script(String path, Reply then, Reply... first) {
    scripts.put(path, new ArrayDeque<>(List.of(first)));
    defaults.put(path, then);
  }

  /** Everything received at {@code path}, in order. */
  public List<Received> at(String path) {
    return received.stream().filter(r -> r.path().equals(path)).toList();
  }

  private void handle(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getPath();
    String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    Map<String, String> headers = new TreeMap<>();
    exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), String.join(",", v)));
    received.add(new Received(path, exchange.getRequestURI().getRawQuery(), headers, body));
    Reply reply = next(path);
    if (!reply.delay().isZero()) {
      try {
        Thread.sleep(reply.delay().toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    byte[] bytes = reply.body().getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    try {
      exchange.sendResponseHeaders(reply.status(), bytes.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    } catch (IOException e) {
      // The broker gave up waiting and closed the connection: that is the point of a hang.
    }
    exchange.close();
  }

  private synchronized Reply next(String path) {
    Deque<Reply> queue = scripts.get(path);
    if (queue != null && !queue.isEmpty()) {
      return queue.poll();
    }
    return defaults.getOrDefault(path, Reply.ok("{\"ok\":true}"));
  }

  /** Snapshot for messages in assertions. */
  public List<String> paths() {
    List<String> paths = new ArrayList<>();
    received.forEach(r -> paths.add(r.path()));
    return paths;
  }
}

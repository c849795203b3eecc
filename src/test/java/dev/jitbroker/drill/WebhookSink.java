package dev.jitbroker.drill;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A slow webhook receiver on loopback, in the drill's JVM, so it outlives the brokers: it checks each
 * delivery's Standard Webhooks signature (written here from the specification, independent of the
 * broker's signer), records it, and holds it for a while before answering 200, so deliveries are in
 * flight when a broker is killed. While a delivery is held, the broker that sent it has no answer yet
 * and so cannot have recorded it as delivered.
 */
final class WebhookSink implements AutoCloseable {

  /** The channel's secret: {@code whsec_} and 32 bytes in base64. */
  static final String SECRET = "whsec_ZHJpbGwgd2ViaG9vayBzZWNyZXQgb2YgMzIgYnl0ZXM=";

  /** One delivery as received: its {@code webhook-id}, whether its signature verified, and the event's type and subject. */
  record Delivery(String id, boolean signed, String type, String subject) {}

  private final HttpServer server;
  private final ExecutorService executor = Executors.newCachedThreadPool();
  private final Duration hold;
  private final List<Delivery> received = new CopyOnWriteArrayList<>();
  // The deliveries held now, by id, with the moment each arrived (System.nanoTime).
  private final Map<String, Long> held = new ConcurrentHashMap<>();
  private final byte[] key;

  WebhookSink(Duration hold) throws IOException {
    this.hold = hold;
    this.key = Base64.getDecoder().decode(SECRET.substring("whsec_".length()));
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(executor);
    server.createContext("/hook", this::handle);
    server.start();
  }

  /** The settings that make a broker send every notification (approvers' and requesters') to this sink. */
  Map<String, String> channelSettings() {
    return Map.of(
        "jit.notify.channels.drill-hook.type", "webhook",
        "jit.notify.channels.drill-hook.url", "http://127.0.0.1:" + server.getAddress().getPort() + "/hook",
        "jit.notify.channels.drill-hook.secrets", SECRET,
        "jit.notify.requester-channels", "drill-hook");
  }

  /** Every delivery so far, in order of arrival. */
  List<Delivery> received() {
    return List.copyOf(received);
  }

  /** The ids of the deliveries held right now: received, not answered. */
  Set<String> held() {
    return Set.copyOf(held.keySet());
  }

  /** How many deliveries are held that arrived less than {@code age} ago (and so stay held a while yet). */
  int heldFresh(Duration age) {
    long since = System.nanoTime() - age.toNanos();
    return (int) held.values().stream().filter(at -> at - since > 0).count();
  }

  private void handle(HttpExchange exchange) throws IOException {
    byte[] bytes = exchange.getRequestBody().readAllBytes();
    String body = new String(bytes, StandardCharsets.UTF_8);
    String id = exchange.getRequestHeaders().getFirst("webhook-id");
    String timestamp = exchange.getRequestHeaders().getFirst("webhook-timestamp");
    String signature = exchange.getRequestHeaders().getFirst("webhook-signature");
    boolean signed = id != null && timestamp != null && signature != null && verifies(id, timestamp, body, signature);
    String type = null;
    String subject = null;
    try {
      JsonNode event = Drill.JSON.readTree(body);
      type = event.path("type").asText(null);
      subject = event.path("subject").asText(null);
    } catch (IOException notJson) {
      // Recorded without type and subject: the checks then name it.
    }
    String key = id == null ? "(no webhook-id)" : id;
    held.put(key, System.nanoTime());
    received.add(new Delivery(key, signed, type, subject));
    try {
      Thread.sleep(hold.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      held.remove(key);
    }
    byte[] answer = "{}".getBytes(StandardCharsets.UTF_8);
    try {
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, answer.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(answer);
      }
    } catch (IOException brokerGone) {
      // The broker was killed while the delivery was held: it never saw this answer.
    }
    exchange.close();
  }

  /** Standard Webhooks: one of the space-separated {@code v1,} signatures is base64(HMAC-SHA256(key, id.timestamp.body)). */
  private boolean verifies(String id, String timestamp, String body, String header) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      byte[] expected = mac.doFinal((id + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8));
      for (String candidate : header.split(" ")) {
        if (candidate.startsWith("v1,")) {
          byte[] given;
          try {
            given = Base64.getDecoder().decode(candidate.substring(3));
          } catch (IllegalArgumentException notBase64) {
            continue;
          }
          if (MessageDigest.isEqual(expected, given)) {
            return true;
          }
        }
      }
      return false;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** How often each id was received with a valid signature. */
  Map<String, Integer> validCounts() {
    Map<String, Integer> counts = new java.util.HashMap<>();
    for (Delivery d : received) {
      if (d.signed()) {
        counts.merge(d.id(), 1, Integer::sum);
      }
    }
    return counts;
  }

  /** Deliveries whose signature did not verify. */
  List<Delivery> unsigned() {
    List<Delivery> bad = new ArrayList<>();
    received.stream().filter(d -> !d.signed()).forEach(bad::add);
    return bad;
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}

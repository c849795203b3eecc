package dev.jitbroker.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The benchmarks' HTTP client against the JDK's HTTP server: lengths, chunks, closes, statuses. */
class RawHttpTest {

  private HttpServer server;
  private URI base;
  /** The client ports the server saw, one per connection. */
  private final Set<Integer> connections = ConcurrentHashMap.newKeySet();

  @BeforeEach
  void start() throws Exception {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/fixed", x -> {
      connections.add(x.getRemoteAddress().getPort());
      byte[] in = x.getRequestBody().readAllBytes();
      byte[] out = ("got " + in.length + " bytes, " + x.getRequestMethod() + " " + x.getRequestURI()
          + " " + x.getRequestHeaders().getFirst("Authorization")).getBytes(StandardCharsets.UTF_8);
      x.sendResponseHeaders(201, out.length);
      try (OutputStream o = x.getResponseBody()) {
        o.write(out);
      }
    });
    server.createContext("/chunked", x -> {
      connections.add(x.getRemoteAddress().getPort());
      x.sendResponseHeaders(200, 0);
      try (OutputStream o = x.getResponseBody()) {
        for (int i = 0; i < 100; i++) {
          o.write(("line " + i + "\n").repeat(50).getBytes(StandardCharsets.UTF_8));
          o.flush();
        }
      }
    });
    server.createContext("/missing", x -> {
      connections.add(x.getRemoteAddress().getPort());
      byte[] out = "{\"title\":\"Not found\"}".getBytes(StandardCharsets.UTF_8);
      x.sendResponseHeaders(404, out.length);
      try (OutputStream o = x.getResponseBody()) {
        o.write(out);
      }
    });
    server.createContext("/closing", x -> {
      connections.add(x.getRemoteAddress().getPort());
      x.getResponseHeaders().set("Connection", "close");
      x.sendResponseHeaders(204, -1);
      x.close();
    });
    server.start();
    base = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  @Test
  void keepsOneConnection_forAnswersWithALengthOrInChunks() throws Exception {
    try (RawHttp http = new RawHttp()) {
      for (int i = 0; i < 5; i++) {
        RawHttp.Answer posted = http.send(Call.postJson(base.resolve("/fixed?n=" + i), "Bearer t", "k" + i, "{\"a\":1}"), 201);
        assertEquals(201, posted.status());
        assertNull(posted.start(), "an expected answer's body is read and dropped");
        RawHttp.Answer streamed = http.send(Call.get(base.resolve("/chunked"), "Bearer t"), 0);
        assertEquals(200, streamed.status());
      }
    }
    assertEquals(1, connections.size(), "ten calls on one kept-alive connection");
  }

  @Test
  void keepsTheStartOfAnUnexpectedAnswer() throws Exception {
    try (RawHttp http = new RawHttp()) {
      RawHttp.Answer fixed = http.send(Call.postJson(base.resolve("/fixed?x=%20y"), "Bearer abc", "k", "{\"a\":1}"), 200);
      assertEquals(201, fixed.status());
      assertEquals("got 7 bytes, POST /fixed?x=%20y Bearer abc", fixed.start());
      RawHttp.Answer missing = http.send(Call.get(base.resolve("/missing"), "Bearer t"), 0);
      assertEquals(404, missing.status());
      assertEquals("{\"title\":\"Not found\"}", missing.start());
      // And the connection still serves the next call.
      assertEquals(201, http.send(Call.postJson(base.resolve("/fixed"), "Bearer t", "k", "{}"), 201).status());
    }
    assertEquals(1, connections.size());
  }

  @Test
  void reconnects_afterTheServerClosesTheConnection() throws Exception {
    try (RawHttp http = new RawHttp()) {
      assertEquals(204, http.send(Call.get(base.resolve("/closing"), "Bearer t"), 0).status());
      assertEquals(201, http.send(Call.postJson(base.resolve("/fixed"), "Bearer t", "k", "{}"), 201).status());
    }
    assertEquals(2, connections.size(), "a new connection after the close: " + connections);
  }
}

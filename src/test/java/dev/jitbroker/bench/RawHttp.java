package dev.jitbroker.bench;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * A load generator's HTTP/1.1 client: one kept-alive connection, a request written in one go, the
 * answer read to its end. It costs a few tens of microseconds of CPU per call, where
 * {@code java.net.http} costs a few hundred; on a machine the service shares with its load, the
 * difference is CPU the service gets. Handles a body by {@code Content-Length} or chunked, and
 * reconnects after {@code Connection: close} or an error.
 */
final class RawHttp implements AutoCloseable {

  /** An answer: its status, and the start of its body when it was kept. */
  record Answer(int status, String start) {}

  private static final int READ_TIMEOUT_MS = 60_000;

  private Socket socket;
  private InputStream in;
  private OutputStream out;
  private final ByteArrayOutputStream head = new ByteArrayOutputStream(1024);

  /**
   * Sends {@code call} and reads the answer; keeps the first 300 bytes of the body when the status is
   * not {@code expected} (0: when it is 300 or more).
   */
  Answer send(Call call, int expected) throws IOException {
    try {
      return exchange(call, expected);
    } catch (IOException e) {
      close();
      throw e;
    }
  }

  private Answer exchange(Call call, int expected) throws IOException {
    URI uri = call.uri();
    if (socket == null) {
      socket = new Socket();
      socket.setTcpNoDelay(true);
      socket.setSoTimeout(READ_TIMEOUT_MS);
      socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), 10_000);
      in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
      out = new BufferedOutputStream(socket.getOutputStream(), 16 * 1024);
    }
    head.reset();
    String target = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
    ascii(call.method() + " " + target + " HTTP/1.1\r\nHost: " + uri.getHost() + ":" + uri.getPort() + "\r\n");
    for (var h : call.headers().entrySet()) {
      ascii(h.getKey() + ": " + h.getValue() + "\r\n");
    }
    if (call.body() != null) {
      ascii("Content-Length: " + call.body().length + "\r\n");
    }
    ascii("\r\n");
    head.writeTo(out);
    if (call.body() != null) {
      out.write(call.body());
    }
    out.flush();

    String status = line();
    if (!status.startsWith("HTTP/1.1 ") || status.length() < 12) {
      throw new IOException("not an HTTP/1.1 answer: " + status);
    }
    int code = Integer.parseInt(status.substring(9, 12));
    long length = -1;
    boolean chunked = false;
    boolean close = false;
    for (String line = line(); !line.isEmpty(); line = line()) {
      int colon = line.indexOf(':');
      if (colon < 0) {
        continue;
      }
      String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
      String value = line.substring(colon + 1).trim();
      switch (name) {
        case "content-length" -> length = Long.parseLong(value);
        case "transfer-encoding" -> chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
        case "connection" -> close = value.equalsIgnoreCase("close");
        default -> { }
      }
    }
    boolean keep = expected == 0 ? code >= 300 : code != expected;
    ByteArrayOutputStream kept = keep ? new ByteArrayOutputStream() : null;
    if (chunked) {
      while (true) {
        String size = line();
        int semi = size.indexOf(';');
        long n = Long.parseLong((semi < 0 ? size : size.substring(0, semi)).trim(), 16);
        if (n == 0) {
          while (!line().isEmpty()) {
            // trailers
          }
          break;
        }
        body(n, kept);
        line();
      }
    } else if (length >= 0) {
      body(length, kept);
    } else {
      // No length and not chunked: the body ends with the connection.
      body(Long.MAX_VALUE, kept);
      close = true;
    }
    if (close) {
      close();
    }
    String start = kept == null ? null : new String(kept.toByteArray(), 0, Math.min(300, kept.size()), StandardCharsets.UTF_8);
    return new Answer(code, start);
  }

  private void ascii(String s) {
    for (int i = 0; i < s.length(); i++) {
      head.write(s.charAt(i));
    }
  }

  private final StringBuilder lineBuffer = new StringBuilder(128);

  private String line() throws IOException {
    lineBuffer.setLength(0);
    int c;
    while ((c = in.read()) != '\n') {
      if (c < 0) {
        throw new EOFException("the connection closed mid-answer");
      }
      if (c != '\r') {
        lineBuffer.append((char) c);
      }
    }
    return lineBuffer.toString();
  }

  private final byte[] skip = new byte[16 * 1024];

  private void body(long n, ByteArrayOutputStream kept) throws IOException {
    long left = n;
    while (left > 0) {
      int r = in.read(skip, 0, (int) Math.min(skip.length, left));
      if (r < 0) {
        if (n == Long.MAX_VALUE) {
          return;
        }
        throw new EOFException("the connection closed mid-body");
      }
      if (kept != null && kept.size() < 300) {
        kept.write(skip, 0, Math.min(r, 300 - kept.size()));
      }
      left -= r;
    }
  }

  @Override
  public void close() {
    if (socket != null) {
      try {
        socket.close();
      } catch (IOException ignored) {
        // Closing after an error: nothing more to do.
      }
      socket = null;
    }
  }
}

package dev.jitbroker.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/** One generated HTTP request, as it goes on the wire. */
record Call(String op, String caller, boolean validCaller, String method, String path, String query,
    Map<String, String> headers, byte[] body, boolean chunked, String kind) {

  /** Short, printable description for a finding: enough to send the same request again by hand. */
  String describe() {
    String text = new String(body, StandardCharsets.UTF_8);
    StringBuilder shown = new StringBuilder();
    text.codePoints().limit(300).forEach(cp -> {
      if (cp < 0x20 || cp == 0x7F || (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x7E) {
        shown.append(String.format("\\u%04x", cp));
      } else {
        shown.appendCodePoint(cp);
      }
    });
    Map<String, String> shownHeaders = new java.util.TreeMap<>(headers);
    shownHeaders.computeIfPresent("Authorization", (k, v) -> "<" + caller + ">");
    return method + " " + path + (query.isEmpty() ? "" : "?" + query) + " as " + caller + " [" + kind + "] headers "
        + shownHeaders + " body(" + body.length + " bytes" + (chunked ? ", chunked" : "") + "): " + shown
        + (text.length() > 300 ? "..." : "");
  }
}

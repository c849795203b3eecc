package dev.jitbroker.sandbox;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** A raw query string, decoded leniently. */
// ARM clients send $filter both percent-encoded and not (the spec marks the role assignment filter
// x-ms-skip-url-encoding), so a stray % or quote must not fail the request.
final class QueryString {

  private final Map<String, String> values;

  private QueryString(Map<String, String> values) {
    this.values = values;
  }

  /** Parses {@code a=1&b=2}; names ignore case, the first value of a name wins. */
  static QueryString parse(String raw) {
    Map<String, String> values = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    if (raw != null) {
      for (String pair : raw.split("&")) {
        if (pair.isEmpty()) {
          continue;
        }
        int eq = pair.indexOf('=');
        String name = decode(eq < 0 ? pair : pair.substring(0, eq));
        String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
        values.putIfAbsent(name, value);
      }
    }
    return new QueryString(values);
  }

  Optional<String> get(String name) {
    return Optional.ofNullable(values.get(name));
  }

  /** Percent-decodes UTF-8 and turns {@code +} into a space; malformed escapes are kept as they are. */
  static String decode(String s) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '%' && i + 2 < s.length() && hex(s.charAt(i + 1)) >= 0 && hex(s.charAt(i + 2)) >= 0) {
        out.write(hex(s.charAt(i + 1)) * 16 + hex(s.charAt(i + 2)));
        i += 2;
      } else if (c == '+') {
        out.write(' ');
      } else {
        byte[] bytes = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
        if (Character.isHighSurrogate(c) && i + 1 < s.length()) {
          bytes = s.substring(i, i + 2).getBytes(StandardCharsets.UTF_8);
          i++;
        }
        out.writeBytes(bytes);
      }
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  private static int hex(char c) {
    return Character.digit(c, 16);
  }
}

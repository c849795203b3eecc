package dev.jitbroker.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A successful ARM answer: a status, unless it is 204 a JSON body, and headers such as
 * {@code Azure-AsyncOperation}. A header value that starts with {@code /} is a path on this sandbox,
 * which the gateway sends as an absolute URL.
 */
record ArmReply(int status, Optional<JsonNode> body, Map<String, String> headers) {

  ArmReply {
    headers = Map.copyOf(headers);
  }

  ArmReply(int status, Optional<JsonNode> body) {
    this(status, body, Map.of());
  }

  static ArmReply of(int status, JsonNode body) {
    return new ArmReply(status, Optional.of(body));
  }

  static ArmReply noContent() {
    return new ArmReply(204, Optional.empty());
  }

  /** This answer with one more header. */
  ArmReply withHeader(String name, String value) {
    Map<String, String> more = new LinkedHashMap<>(headers);
    more.put(name, value);
    return new ArmReply(status, body, more);
  }
}

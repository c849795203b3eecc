package dev.jitbroker.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;

/** A successful ARM answer: a status and, unless it is 204, a JSON body. */
record ArmReply(int status, Optional<JsonNode> body) {

  static ArmReply of(int status, JsonNode body) {
    return new ArmReply(status, Optional.of(body));
  }

  static ArmReply noContent() {
    return new ArmReply(204, Optional.empty());
  }
}

package dev.jitbroker.hooks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jitbroker.request.Decision;
import dev.jitbroker.request.InvalidRequestException;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * A click on an Approve or Deny button, read from Slack's {@code block_actions} payload.
 *
 * @param message the message the buttons are in, as Slack sent it (for the update), or null
 */
record SlackAction(String slackUser, String requestId, Decision decision, String responseUrl, JsonNode message) {

  /** The button click in an interactivity body ({@code payload=<url-encoded JSON>}); empty for any other interaction. */
  static Optional<SlackAction> read(byte[] body, ObjectMapper json) throws IOException {
    String payload = null;
    for (String pair : new String(body, StandardCharsets.UTF_8).split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0 && pair.substring(0, eq).equals("payload")) {
        payload = URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      }
    }
    if (payload == null) {
      throw new InvalidRequestException("payload", "is required: Slack sends the interaction as form field 'payload'");
    }
    JsonNode root = json.readTree(payload);
    if (!"block_actions".equals(root.path("type").asText())) {
      return Optional.empty();
    }
    for (JsonNode action : root.path("actions")) {
      Decision decision = switch (action.path("action_id").asText()) {
        case "approve" -> Decision.APPROVE;
        case "deny" -> Decision.DENY;
        default -> null;
      };
      if (decision != null) {
        JsonNode message = root.path("message");
        return Optional.of(new SlackAction(root.path("user").path("id").asText(null), action.path("value").asText(null),
            decision, root.path("response_url").asText(null), message.isObject() ? message : null));
      }
    }
    return Optional.empty();
  }
}

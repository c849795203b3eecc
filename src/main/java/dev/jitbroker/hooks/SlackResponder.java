package dev.jitbroker.hooks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jitbroker.request.AccessRequest;
import dev.jitbroker.request.Actor;
import dev.jitbroker.request.Decision;
import dev.jitbroker.request.RequestState;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.jboss.logging.Logger;

/**
 * Tells Slack what became of a click, through the callback's {@code response_url}: the message is replaced
 * to show the outcome and who decided, or the clicking user alone is told why their click was refused.
 * Sent after the answer to Slack, which must come within three seconds.
 */
@ApplicationScoped
public class SlackResponder {

  private static final Logger LOG = Logger.getLogger(SlackResponder.class);
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private final HooksConfig config;
  private final ObjectMapper json;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

  SlackResponder(HooksConfig config, ObjectMapper json) {
    this.config = config;
    this.json = json;
  }

  /** Replaces the message: the outcome and who decided; the buttons go once the request is decided. */
  void decided(SlackAction action, AccessRequest request, Actor approver) {
    boolean final_ = request.state() != RequestState.PENDING;
    String verb = action.decision() == Decision.APPROVE ? "approved" : "denied";
    String line = final_
        ? "*" + (request.state() == RequestState.APPROVED ? "Approved" : "Denied") + "* by " + escape(approver.name())
            + " in Slack."
        : escape(approver.name()) + " " + verb + " in Slack; " + approvals(request) + " of " + request.requiredApprovals()
            + " approvals so far.";
    ObjectNode body = json.createObjectNode();
    body.put("replace_original", true);
    body.put("text", line.replace("*", ""));
    ArrayNode blocks = body.putArray("blocks");
    JsonNode original = action.message() == null ? null : action.message().path("blocks");
    if (original != null) {
      for (JsonNode block : original) {
        if (!final_ || !"actions".equals(block.path("type").asText())) {
          blocks.add(block);
        }
      }
    }
    ObjectNode context = blocks.addObject();
    context.put("type", "context");
    ObjectNode text = context.putArray("elements").addObject();
    text.put("type", "mrkdwn");
    text.put("text", line);
    post(action.responseUrl(), body, request.id().toString());
  }

  /** Tells only the clicking user why nothing changed; the message stays as it is. */
  void refused(SlackAction action, String why) {
    ObjectNode body = json.createObjectNode();
    body.put("response_type", "ephemeral");
    body.put("replace_original", false);
    body.put("text", "Your click changed nothing: " + why);
    post(action.responseUrl(), body, action.requestId());
  }

  private void post(String url, ObjectNode body, String requestId) {
    // The URL came in a signed callback, but it is called only where Slack answers: never an internal address.
    if (url == null || !url.startsWith(config.slack().responseUrlBase())) {
      LOG.warnf("Slack callback for request %s had no response_url under %s; the message is not updated", requestId,
          config.slack().responseUrlBase());
      return;
    }
    HttpRequest request;
    try {
      request = HttpRequest.newBuilder(URI.create(url)).timeout(TIMEOUT)
          .header("Content-Type", "application/json; charset=utf-8")
          .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body))).build();
    } catch (com.fasterxml.jackson.core.JsonProcessingException | IllegalArgumentException e) {
      LOG.warnf("Slack message update for request %s could not be built: %s", requestId, e.getMessage());
      return;
    }
    // The response_url is a capability: it is never logged.
    http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, failure) -> {
      if (failure != null) {
        LOG.warnf("Slack message update for request %s failed: %s", requestId, failure.toString());
      } else if (response.statusCode() >= 300) {
        LOG.warnf("Slack refused the message update for request %s with HTTP %d", requestId, response.statusCode());
      }
    });
  }

  private static long approvals(AccessRequest request) {
    return request.approvals().stream().filter(a -> a.decision() == Decision.APPROVE).count();
  }

  /** Slack's mrkdwn treats these three as markup. */
  private static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}

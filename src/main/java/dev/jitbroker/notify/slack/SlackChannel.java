package dev.jitbroker.notify.slack;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jitbroker.notify.Channel;
import dev.jitbroker.notify.DeliveryFailure;
import dev.jitbroker.notify.HttpDelivery;
import dev.jitbroker.notify.Notice;
import dev.jitbroker.notify.NoticeType;
import dev.jitbroker.notify.Notification;
import dev.jitbroker.notify.NotificationState;
import dev.jitbroker.notify.Posted;
import dev.jitbroker.notify.PostedMessages;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Posts to a Slack channel with the Web API's {@code chat.postMessage} and a bot token, and replaces the
 * approvers' message with the outcome ({@code chat.update}) once the request is decided. Slack answers
 * 200 with {@code ok: false} for most failures; those it names as passing are retried, the rest (a
 * revoked token, a channel the bot is not in) go dead for a person to fix.
 */
public final class SlackChannel implements Channel {

  /** Slack errors worth another attempt; any other error needs a person. */
  private static final Set<String> TRANSIENT = Set.of(
      "ratelimited", "service_unavailable", "fatal_error", "internal_error", "request_timeout");

  /** chat.update errors that mean the message cannot be edited: the outcome is posted as a new message. */
  private static final Set<String> NOT_EDITABLE = Set.of(
      "message_not_found", "cant_update_message", "edit_window_closed", "msg_too_long");

  private final URI postMessage;
  private final URI update;
  private final String botToken;
  private final String channel;
  private final String requestUrl;
  private final HttpDelivery http;
  private final ObjectMapper json;
  private final PostedMessages posted;

  public SlackChannel(String apiUrl, String botToken, String channel, String requestUrl, HttpDelivery http,
      ObjectMapper json, PostedMessages posted) {
    String base = apiUrl.endsWith("/") ? apiUrl : apiUrl + "/";
    this.postMessage = URI.create(base + "chat.postMessage");
    this.update = URI.create(base + "chat.update");
    this.botToken = botToken;
    this.channel = channel;
    this.requestUrl = requestUrl;
    this.http = http;
    this.json = json;
    this.posted = posted;
  }

  /**
   * Posts the message. How a pending request ended replaces the approvers' message instead
   * ({@code chat.update}), so its buttons go and it shows who decided, wherever the decision was taken.
   */
  @Override
  public Posted deliver(Notification n) throws DeliveryFailure {
    if (n.type() != NoticeType.PENDING && Notice.APPROVERS.equals(n.recipient())) {
      Optional<PostedMessages.PendingMessage> pending = posted.pendingMessage(n.requestId(), n.channel());
      if (pending.isPresent() && pending.get().state() == NotificationState.PENDING) {
        // Its message is still on its way (or being retried): the outcome waits for it, to replace it.
        throw DeliveryFailure.transientFailure("Waiting for the request's pending message to be posted first.", null);
      }
      Posted original = pending.map(PostedMessages.PendingMessage::posted).orElse(null);
      if (original != null && original.ts() != null) {
        Map<String, Object> body = SlackMessage.of(n, original.channel(), requestUrl);
        body.put("ts", original.ts());
        body.remove("unfurl_links");
        JsonNode answer = call(update, "chat.update", body, NOT_EDITABLE);
        if (answer != null) {
          return new Posted(answer.path("channel").asText(original.channel()), answer.path("ts").asText(original.ts()));
        }
      }
    }
    JsonNode answer = call(postMessage, "chat.postMessage", SlackMessage.of(n, channel, requestUrl), Set.of());
    return new Posted(answer.path("channel").asText(channel), answer.path("ts").asText(null));
  }

  /** Calls a Web API method; null when Slack answered with one of {@code tolerated}. */
  private JsonNode call(URI method, String name, Map<String, Object> message, Set<String> tolerated)
      throws DeliveryFailure {
    String body;
    try {
      body = json.writeValueAsString(message);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a Slack message could not be written", e);
    }
    HttpResponse<String> response = http.post(method, Map.of(
        "Content-Type", "application/json; charset=utf-8",
        "Authorization", "Bearer " + botToken), body);
    JsonNode answer;
    try {
      answer = json.readTree(response.body());
    } catch (JsonProcessingException e) {
      throw DeliveryFailure.transientFailure("Slack answered " + name + " with something that is not JSON.", null);
    }
    if (!answer.path("ok").asBoolean(false)) {
      String error = answer.path("error").asText("unknown");
      if (tolerated.contains(error)) {
        return null;
      }
      String text = "Slack refused " + name + ": " + error + ".";
      if (TRANSIENT.contains(error)) {
        throw DeliveryFailure.transientFailure(text, null);
      }
      throw DeliveryFailure.permanent(text + advice(error));
    }
    return answer;
  }

  private static String advice(String error) {
    return switch (error) {
      case "not_in_channel" -> " Invite the app to the channel (/invite @<app name>), then replay.";
      case "channel_not_found" -> " Check the channel id in jit.notify.channels.<name>.channel (the C... id, not the name).";
      case "invalid_auth", "not_authed", "token_revoked", "account_inactive" ->
          " Check the bot token (xoxb-...) in jit.notify.channels.<name>.bot-token.";
      case "missing_scope" -> " Add the chat:write scope to the app, reinstall it, then replay.";
      default -> " See Slack's chat.postMessage errors, fix the channel's configuration, then replay.";
    };
  }
}

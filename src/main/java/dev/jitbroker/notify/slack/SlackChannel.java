package dev.jitbroker.notify.slack;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jitbroker.notify.Channel;
import dev.jitbroker.notify.DeliveryFailure;
import dev.jitbroker.notify.HttpDelivery;
import dev.jitbroker.notify.Notification;
import dev.jitbroker.notify.Posted;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.Set;

/**
 * Posts to a Slack channel with the Web API's {@code chat.postMessage} and a bot token. Slack answers
 * 200 with {@code ok: false} for most failures; those it names as passing are retried, the rest (a
 * revoked token, a channel the bot is not in) go dead for a person to fix.
 */
public final class SlackChannel implements Channel {

  /** Slack errors worth another attempt; any other error needs a person. */
  private static final Set<String> TRANSIENT = Set.of(
      "ratelimited", "service_unavailable", "fatal_error", "internal_error", "request_timeout");

  private final URI postMessage;
  private final String botToken;
  private final String channel;
  private final String requestUrl;
  private final HttpDelivery http;
  private final ObjectMapper json;

  public SlackChannel(String apiUrl, String botToken, String channel, String requestUrl, HttpDelivery http,
      ObjectMapper json) {
    this.postMessage = URI.create(apiUrl.endsWith("/") ? apiUrl + "chat.postMessage" : apiUrl + "/chat.postMessage");
    this.botToken = botToken;
    this.channel = channel;
    this.requestUrl = requestUrl;
    this.http = http;
    this.json = json;
  }

  @Override
  public Posted deliver(Notification n) throws DeliveryFailure {
    String body;
    try {
      body = json.writeValueAsString(SlackMessage.of(n, channel, requestUrl));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a Slack message could not be written", e);
    }
    HttpResponse<String> response = http.post(postMessage, Map.of(
        "Content-Type", "application/json; charset=utf-8",
        "Authorization", "Bearer " + botToken), body);
    JsonNode answer;
    try {
      answer = json.readTree(response.body());
    } catch (JsonProcessingException e) {
      throw DeliveryFailure.transientFailure("Slack answered chat.postMessage with something that is not JSON.", null);
    }
    if (!answer.path("ok").asBoolean(false)) {
      String error = answer.path("error").asText("unknown");
      String message = "Slack refused chat.postMessage: " + error + ".";
      if (TRANSIENT.contains(error)) {
        throw DeliveryFailure.transientFailure(message, null);
      }
      throw DeliveryFailure.permanent(message + advice(error));
    }
    return new Posted(answer.path("channel").asText(channel), answer.path("ts").asText(null));
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

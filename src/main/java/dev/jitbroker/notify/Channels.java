package dev.jitbroker.notify;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jitbroker.notify.slack.SlackChannel;
import dev.jitbroker.notify.teams.TeamsChannel;
import dev.jitbroker.notify.webhook.WebhookChannel;
import dev.jitbroker.notify.webhook.WebhookSigner;
import io.quarkus.runtime.Startup;
import jakarta.inject.Singleton;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The configured channels, by name. Read at start-up: a channel configured wrongly stops the service
 * with every problem named (never a secret's value), rather than failing later, one message at a time.
 */
@Singleton
@Startup
public class Channels {

  private final Map<String, Channel> byName;

  Channels(NotifyConfig config, HttpDelivery http, ObjectMapper json, Clock clock, PostedMessages posted) {
    Map<String, Channel> channels = new TreeMap<>();
    List<String> problems = new ArrayList<>();
    String requestUrl = config.requestUrl().orElse(null);
    config.channels().forEach((name, c) -> {
      String at = "jit.notify.channels." + name + ".";
      try {
        channels.put(name, switch (c.type()) {
          case "webhook" -> new WebhookChannel(url(c.url(), at + "url"),
              new WebhookSigner(c.secrets().orElseThrow(() -> missing(at + "secrets"))), config.source(), http, json, clock);
          case "slack" -> new SlackChannel(c.apiUrl(), c.botToken().orElseThrow(() -> missing(at + "bot-token")),
              c.channel().orElseThrow(() -> missing(at + "channel")), requestUrl, http, json, posted);
          case "teams" -> new TeamsChannel(url(c.url(), at + "url"), requestUrl, http, json);
          default -> throw new IllegalArgumentException(at + "type must be webhook, slack or teams (got '" + c.type() + "')");
        });
      } catch (IllegalArgumentException e) {
        problems.add(e.getMessage().startsWith("jit.") ? e.getMessage() : at + "*: " + e.getMessage());
      }
    });
    for (String name : config.requesterChannels().orElse(List.of())) {
      if (!channels.containsKey(name)) {
        problems.add("jit.notify.requester-channels names '" + name + "', which is not configured (jit.notify.channels."
            + name + ".type)");
      }
    }
    if (!problems.isEmpty()) {
      throw new IllegalStateException("Notification channels are configured wrongly: " + String.join("; ", problems));
    }
    this.byName = Map.copyOf(channels);
  }

  /** The channel of that name, if configured. */
  public Optional<Channel> named(String name) {
    return Optional.ofNullable(byName.get(name));
  }

  private static IllegalArgumentException missing(String key) {
    return new IllegalArgumentException(key + " is required");
  }

  private static URI url(Optional<String> value, String key) {
    String text = value.orElseThrow(() -> missing(key));
    URI uri;
    try {
      uri = URI.create(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(key + " is not a URL");
    }
    if (!"https".equals(uri.getScheme()) && !"http".equals(uri.getScheme()) || uri.getHost() == null) {
      throw new IllegalArgumentException(key + " must be an http(s) URL");
    }
    return uri;
  }
}

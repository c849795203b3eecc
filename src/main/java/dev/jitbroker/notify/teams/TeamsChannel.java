package dev.jitbroker.notify.teams;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jitbroker.notify.Channel;
import dev.jitbroker.notify.DeliveryFailure;
import dev.jitbroker.notify.HttpDelivery;
import dev.jitbroker.notify.Notification;
import dev.jitbroker.notify.Posted;
import java.net.URI;
import java.util.Map;

/** Posts an Adaptive Card to a Teams Workflows ("When a Teams webhook request is received") URL. */
public final class TeamsChannel implements Channel {

  private final URI url;
  private final String requestUrl;
  private final HttpDelivery http;
  private final ObjectMapper json;

  public TeamsChannel(URI url, String requestUrl, HttpDelivery http, ObjectMapper json) {
    this.url = url;
    this.requestUrl = requestUrl;
    this.http = http;
    this.json = json;
  }

  @Override
  public Posted deliver(Notification n) throws DeliveryFailure {
    String body;
    try {
      body = json.writeValueAsString(AdaptiveCard.message(n, requestUrl));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("an Adaptive Card could not be written", e);
    }
    http.post(url, Map.of("Content-Type", "application/json; charset=utf-8"), body);
    return null;
  }
}

package dev.jitbroker.notify.webhook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jitbroker.notify.Channel;
import dev.jitbroker.notify.DeliveryFailure;
import dev.jitbroker.notify.HttpDelivery;
import dev.jitbroker.notify.Notification;
import dev.jitbroker.notify.Posted;
import java.net.URI;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A generic webhook: each notification is a CloudEvents 1.0 event in structured JSON mode (the request
 * in {@code data}), signed per Standard Webhooks. The event id and the {@code webhook-id} are the
 * notification's id, the same on every retry, so receivers can drop repeats.
 */
public final class WebhookChannel implements Channel {

  /** The CloudEvents structured-mode media type. */
  static final String CONTENT_TYPE = "application/cloudevents+json; charset=utf-8";

  private final URI url;
  private final WebhookSigner signer;
  private final String source;
  private final HttpDelivery http;
  private final ObjectMapper json;
  private final Clock clock;

  public WebhookChannel(URI url, WebhookSigner signer, String source, HttpDelivery http, ObjectMapper json, Clock clock) {
    this.url = url;
    this.signer = signer;
    this.source = source;
    this.http = http;
    this.json = json;
    this.clock = clock;
  }

  @Override
  public Posted deliver(Notification n) throws DeliveryFailure {
    String body = event(n, source, json);
    String id = n.id().toString();
    long timestamp = clock.instant().getEpochSecond();
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Content-Type", CONTENT_TYPE);
    headers.put("webhook-id", id);
    headers.put("webhook-timestamp", Long.toString(timestamp));
    headers.put("webhook-signature", signer.sign(id, timestamp, body));
    http.post(url, headers, body);
    return null;
  }

  /** The CloudEvent of a notification, as JSON. */
  static String event(Notification n, String source, ObjectMapper json) {
    Map<String, Object> event = new LinkedHashMap<>();
    event.put("specversion", "1.0");
    event.put("id", n.id().toString());
    event.put("source", source);
    event.put("type", n.type().eventType());
    event.put("subject", n.requestId().toString());
    event.put("time", n.dueAt().toString());
    // An extension attribute: "approvers" for the routing rule's channels, else the requester's object id.
    event.put("recipient", n.recipient());
    event.put("datacontenttype", "application/json");
    event.put("data", n.request());
    try {
      return json.writeValueAsString(event);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a CloudEvent could not be written", e);
    }
  }
}

package dev.jitbroker.notify.teams;

import dev.jitbroker.notify.MessageFacts;
import dev.jitbroker.notify.Notification;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The message a Teams Workflows webhook takes: one Adaptive Card attachment with the request's facts
 * and a link to it. No buttons: a decision from Teams goes through the signed decision webhook.
 */
public final class AdaptiveCard {

  private AdaptiveCard() {}

  /** The body to post to the workflow's URL. */
  public static Map<String, Object> message(Notification n, String requestUrl) {
    MessageFacts facts = new MessageFacts(n);
    List<Object> body = new ArrayList<>();
    body.add(ordered("type", "TextBlock", "text", facts.headline(), "weight", "Bolder", "size", "Medium", "wrap", true));
    List<Object> factSet = new ArrayList<>();
    for (MessageFacts.Fact f : facts.facts()) {
      factSet.add(ordered("title", f.label(), "value", f.value()));
    }
    body.add(ordered("type", "FactSet", "facts", factSet));
    body.add(ordered("type", "TextBlock", "text", "Why: " + facts.why(), "wrap", true));
    Map<String, Object> card = new LinkedHashMap<>();
    card.put("$schema", "http://adaptivecards.io/schemas/adaptive-card.json");
    card.put("type", "AdaptiveCard");
    card.put("version", "1.4");
    card.put("body", body);
    String link = facts.link(requestUrl);
    if (link != null) {
      card.put("actions", List.of(ordered("type", "Action.OpenUrl", "title", "Open request", "url", link)));
    }
    Map<String, Object> attachment = new LinkedHashMap<>();
    attachment.put("contentType", "application/vnd.microsoft.card.adaptive");
    attachment.put("content", card);
    Map<String, Object> message = new LinkedHashMap<>();
    message.put("type", "message");
    message.put("attachments", List.of(attachment));
    return message;
  }

  // Keys in the order written, so the JSON reads like the card's documentation.
  private static Map<String, Object> ordered(Object... keysAndValues) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      map.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return map;
  }
}

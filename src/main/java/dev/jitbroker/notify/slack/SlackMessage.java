package dev.jitbroker.notify.slack;

import dev.jitbroker.notify.MessageFacts;
import dev.jitbroker.notify.Notification;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Block Kit message of a notification, as {@code chat.postMessage} takes it. A pending request
 * carries Approve and Deny buttons (block {@code decision}, action ids {@code approve} and {@code deny},
 * the request id as each button's value) when its rule lets approvers decide in chat.
 */
public final class SlackMessage {

  /** The block id of the decision buttons. */
  public static final String DECISION_BLOCK = "decision";
  public static final String APPROVE = "approve";
  public static final String DENY = "deny";

  /** Slack's limit on a section's text. */
  private static final int SECTION_TEXT = 3000;

  private SlackMessage() {}

  /** The body of {@code chat.postMessage}. */
  public static Map<String, Object> of(Notification n, String channel, String requestUrl) {
    MessageFacts facts = new MessageFacts(n);
    List<Object> blocks = new ArrayList<>();
    blocks.add(section(bold(facts.headline())));
    List<Object> fields = new ArrayList<>();
    for (MessageFacts.Fact f : facts.facts()) {
      // A section takes at most 10 fields.
      if (fields.size() < 10) {
        fields.add(mrkdwn("*" + escape(f.label()) + "*\n" + escape(f.value())));
      }
    }
    blocks.add(Map.of("type", "section", "fields", fields));
    blocks.add(section("*Why*\n" + escape(facts.why())));
    List<Object> actions = new ArrayList<>();
    if (facts.decisionsInChat()) {
      actions.add(button("Approve", APPROVE, n.requestId().toString(), "primary"));
      actions.add(button("Deny", DENY, n.requestId().toString(), "danger"));
    }
    String link = facts.link(requestUrl);
    if (link != null) {
      Map<String, Object> open = button("Open request", "open", n.requestId().toString(), null);
      open.put("url", link);
      actions.add(open);
    }
    if (!actions.isEmpty()) {
      blocks.add(Map.of("type", "actions", "block_id", DECISION_BLOCK, "elements", actions));
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("channel", channel);
    // The notification text for phones and screen readers; blocks are what the channel shows.
    body.put("text", facts.headline());
    body.put("blocks", blocks);
    body.put("unfurl_links", false);
    return body;
  }

  /**
   * Text as Slack's mrkdwn shows it literally: {@code &}, {@code <} and {@code >} escaped, so a
   * justification cannot mention {@code <!channel>} or hide a link.
   */
  static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }

  private static String bold(String text) {
    return "*" + escape(text) + "*";
  }

  private static Map<String, Object> section(String mrkdwn) {
    String text = mrkdwn.length() > SECTION_TEXT ? mrkdwn.substring(0, SECTION_TEXT - 3) + "..." : mrkdwn;
    return Map.of("type", "section", "text", mrkdwn(text));
  }

  private static Map<String, Object> mrkdwn(String text) {
    return Map.of("type", "mrkdwn", "text", text);
  }

  private static Map<String, Object> button(String label, String actionId, String value, String style) {
    Map<String, Object> b = new LinkedHashMap<>();
    b.put("type", "button");
    b.put("text", Map.of("type", "plain_text", "text", label));
    b.put("action_id", actionId);
    b.put("value", value);
    if (style != null) {
      b.put("style", style);
    }
    return b;
  }
}

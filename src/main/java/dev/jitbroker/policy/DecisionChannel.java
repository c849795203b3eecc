package dev.jitbroker.policy;

import java.util.Locale;
import java.util.Optional;

/** Where an approver's decision comes from: a signed-in API call, a chat button, or a signed webhook. */
public enum DecisionChannel {
  API,
  CHAT,
  WEBHOOK;

  /** The word used in policy documents and audit events, e.g. {@code chat}. */
  public String word() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The channel a policy word names, if it names one. */
  public static Optional<DecisionChannel> fromWord(String word) {
    for (DecisionChannel c : values()) {
      if (c.word().equals(word)) {
        return Optional.of(c);
      }
    }
    return Optional.empty();
  }
}

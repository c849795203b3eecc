package dev.jitbroker.notify;

import java.util.Optional;
import java.util.UUID;

/** The approvers' message of a pending request on a channel, so that how the request ended can update it. */
public interface PostedMessages {

  /**
   * The pending notice of a request on a channel.
   *
   * @param state whether it was delivered yet
   * @param posted where it landed, when the channel said (Slack's channel and ts); null otherwise
   */
  record PendingMessage(NotificationState state, Posted posted) {}

  /** The pending notice the approvers were sent on {@code channel}, if the request had one. */
  Optional<PendingMessage> pendingMessage(UUID requestId, String channel);
}

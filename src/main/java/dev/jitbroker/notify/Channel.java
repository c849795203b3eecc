package dev.jitbroker.notify;

/** One configured destination of notifications (a webhook, a Slack channel, a Teams workflow). */
public interface Channel {

  /** Sends one notification; returns where a chat message was posted, or null. Runs outside any transaction. */
  Posted deliver(Notification notification) throws DeliveryFailure;
}

package dev.jitbroker.notify;

/** Where a notification is: waiting to be (re)sent, delivered, or given up on until an admin replays it. */
public enum NotificationState {
  PENDING,
  DELIVERED,
  DEAD
}

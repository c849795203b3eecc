package dev.jitbroker.notify;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * A stored notification.
 *
 * @param id stable across retries and replays: receivers de-duplicate on it
 * @param attempts delivery attempts since it was stored or last replayed
 * @param dueAt when the event happened, or for a warning ahead of time, when it was due
 * @param request the request as the message shows it
 */
public record Notification(
    UUID id,
    UUID requestId,
    NoticeType type,
    String channel,
    String recipient,
    NotificationState state,
    int attempts,
    Instant nextAttemptAt,
    Instant triesSince,
    String lastError,
    Instant dueAt,
    Instant createdAt,
    Instant deliveredAt,
    String postedChannel,
    String postedTs,
    Map<String, Object> request) {}

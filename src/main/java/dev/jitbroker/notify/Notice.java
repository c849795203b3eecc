package dev.jitbroker.notify;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * What a state change asks to be told: one event of one request, to a recipient on each of {@code channels}.
 *
 * @param recipient {@link #APPROVERS} or the requester's object id
 * @param dueAt when to send it: the change's own time, or later ("expiring soon")
 * @param request the request as it is at the event, as messages show it
 */
public record Notice(UUID requestId, NoticeType type, List<String> channels, String recipient, Instant dueAt,
    Map<String, Object> request) {

  /** The recipient of a rule's approver notices. */
  public static final String APPROVERS = "approvers";

  public Notice {
    Objects.requireNonNull(requestId, "requestId");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(recipient, "recipient");
    Objects.requireNonNull(dueAt, "dueAt");
    Objects.requireNonNull(request, "request");
    channels = List.copyOf(channels);
  }
}

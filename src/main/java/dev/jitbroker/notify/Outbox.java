package dev.jitbroker.notify;

import java.util.UUID;

/**
 * The port the request lifecycle tells events through. Both methods run inside the transaction of the
 * change that causes them: a notice is stored with its change, or not at all, and sent after commit.
 */
public interface Outbox {

  /** Stores one notification per channel of {@code notice}; the same event to the same recipient is stored once. */
  void add(Notice notice);

  /** Drops the notices of {@code type} for a request that are not sent yet (access that ended needs no warning). */
  void withdraw(UUID requestId, NoticeType type);
}

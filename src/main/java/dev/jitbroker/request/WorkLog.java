package dev.jitbroker.request;

import java.util.UUID;

/** Tags the log lines written while a worker handles one access request with that request's id. */
public interface WorkLog {

  /** Until the returned scope is closed, this thread's log lines carry {@code accessRequestId}. */
  Scope about(UUID accessRequestId);

  /** The span of work on one request; closing it restores what was tagged before. */
  interface Scope extends AutoCloseable {
    @Override
    void close();
  }
}

package dev.jitbroker.logging;

import dev.jitbroker.request.WorkLog;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

/** Puts the access request a worker handles into the log context, as {@code accessRequestId}. */
@ApplicationScoped
public class MdcWorkLog implements WorkLog {

  @Override
  public Scope about(UUID accessRequestId) {
    LogContext.Scope scope = LogContext.put(LogContext.ACCESS_REQUEST_ID, accessRequestId.toString());
    return scope::close;
  }
}

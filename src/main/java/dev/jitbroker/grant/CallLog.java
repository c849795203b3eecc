package dev.jitbroker.grant;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The Azure calls made for the current thread's work. Adapters append to {@link #current()} (the list
 * may travel to other threads inside the SDK); the worker drains it into the audit trail.
 */
public final class CallLog {

  private static final ThreadLocal<List<ExternalCall>> CALLS =
      ThreadLocal.withInitial(() -> Collections.synchronizedList(new ArrayList<>()));

  private CallLog() {}

  /** The list that collects calls for this thread's work. */
  public static List<ExternalCall> current() {
    return CALLS.get();
  }

  /** The calls collected since the last drain, oldest first; clears them. */
  public static List<ExternalCall> drain() {
    List<ExternalCall> calls = CALLS.get();
    synchronized (calls) {
      List<ExternalCall> copy = List.copyOf(calls);
      calls.clear();
      return copy;
    }
  }
}

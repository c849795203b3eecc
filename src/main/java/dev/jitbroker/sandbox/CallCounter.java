package dev.jitbroker.sandbox;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Counts the ARM calls answered, by method and status (429s and injected failures included). */
final class CallCounter {

  private final Map<ArmCall, LongAdder> counts = new ConcurrentHashMap<>();

  void record(String method, int status) {
    counts.computeIfAbsent(new ArmCall(method, status), c -> new LongAdder()).increment();
  }

  long count(String method, int status) {
    LongAdder adder = counts.get(new ArmCall(method, status));
    return adder == null ? 0 : adder.sum();
  }

  Map<ArmCall, Long> snapshot() {
    Map<ArmCall, Long> copy = new TreeMap<>();
    counts.forEach((call, adder) -> copy.put(call, adder.sum()));
    return copy;
  }

  void clear() {
    counts.clear();
  }
}

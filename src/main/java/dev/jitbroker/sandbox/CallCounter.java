package dev.jitbroker.sandbox;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts the ARM calls answered, by method and status (429s and injected failures included), and the
 * writes also by path: a drill can tell whether one resource was written more than once.
 */
final class CallCounter {

  /** One kind of write to one path. */
  record Write(String method, String path, int status) implements Comparable<Write> {
    @Override
    public int compareTo(Write other) {
      int byPath = path.compareTo(other.path);
      int byMethod = byPath != 0 ? byPath : method.compareTo(other.method);
      return byMethod != 0 ? byMethod : Integer.compare(status, other.status);
    }
  }

  private final Map<ArmCall, LongAdder> counts = new ConcurrentHashMap<>();
  private final Map<Write, LongAdder> writes = new ConcurrentHashMap<>();

  void record(String method, int status) {
    counts.computeIfAbsent(new ArmCall(method, status), c -> new LongAdder()).increment();
  }

  void recordWrite(String method, String path, int status) {
    writes.computeIfAbsent(new Write(method, path, status), w -> new LongAdder()).increment();
  }

  Map<Write, Long> writes() {
    Map<Write, Long> copy = new TreeMap<>();
    writes.forEach((write, adder) -> copy.put(write, adder.sum()));
    return copy;
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
    writes.clear();
  }
}

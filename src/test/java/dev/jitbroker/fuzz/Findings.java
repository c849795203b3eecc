package dev.jitbroker.fuzz;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** What the fuzzer saw: counts by operation and status, and each distinct failure with its first example. */
final class Findings {

  private record Failure(String first, int times) {}

  private final Map<String, Failure> failures = new LinkedHashMap<>();
  private final Map<String, Map<Integer, Integer>> statuses = new TreeMap<>();
  private int sent;
  private int serverErrors;
  private int codecRefusals;
  private int resent;
  private String firstResent;

  void answered(String op, int status) {
    sent++;
    if (status >= 500) {
      serverErrors++;
    }
    statuses.computeIfAbsent(op, k -> new TreeMap<>()).merge(status, 1, Integer::sum);
  }

  void fail(Call call, String what, int status, String answer) {
    String key = call.op() + " -> " + status + ": " + what;
    failures.merge(key, new Failure(call.describe() + "\n      answer: " + clip(answer), 1),
        (a, b) -> new Failure(a.first(), a.times() + 1));
  }

  /** A request the HTTP codec refused before the application saw it (request line or headers too long). */
  void refusedByCodec() {
    codecRefusals++;
  }

  /** A call sent again because its connection broke before an answer came. */
  void resent(Call call, Exception why) {
    if (resent++ == 0) {
      firstResent = why + " on " + call.describe();
    }
  }

  boolean clean() {
    return failures.isEmpty();
  }

  int sent() {
    return sent;
  }

  int serverErrors() {
    return serverErrors;
  }

  int operations() {
    return statuses.size();
  }

  String report() {
    StringBuilder b = new StringBuilder();
    b.append(sent).append(" requests to ").append(statuses.size()).append(" operations, ")
        .append(serverErrors).append(" answered 5xx, ").append(codecRefusals)
        .append(" refused by the HTTP codec (request line over 4,096 bytes or headers too large), ")
        .append(resent).append(" sent again on a fresh connection, ").append(failures.size()).append(" distinct failures\n");
    statuses.forEach((op, counts) -> b.append("  ").append(op).append(": ")
        .append(counts.entrySet().stream().map(e -> e.getKey() + "x" + e.getValue()).collect(Collectors.joining(" ")))
        .append('\n'));
    if (firstResent != null) {
      b.append("  first sent again: ").append(firstResent.length() > 500 ? firstResent.substring(0, 500) : firstResent)
          .append('\n');
    }
    failures.forEach((key, f) -> b.append("FAIL ").append(key).append(" (").append(f.times()).append(" times)\n      ")
        .append(f.first()).append('\n'));
    return b.toString();
  }

  private static String clip(String s) {
    return s.length() > 400 ? s.substring(0, 400) + "..." : s;
  }
}

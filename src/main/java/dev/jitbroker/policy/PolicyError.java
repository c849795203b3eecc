package dev.jitbroker.policy;

/** One problem in a policy document, at a line (1-based). */
public record PolicyError(int line, String message) {
  @Override
  public String toString() {
    return "line " + line + ": " + message;
  }
}

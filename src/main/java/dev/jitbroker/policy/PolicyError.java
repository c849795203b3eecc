package dev.jitbroker.policy;

import java.util.Objects;

/** One problem in a policy document, at a line (1-based). */
public record PolicyError(int line, String message) {
  public PolicyError {
    if (line < 1) {
      throw new IllegalArgumentException("lines count from 1");
    }
    Objects.requireNonNull(message, "message");
  }

  @Override
  public String toString() {
    return "line " + line + ": " + message;
  }
}

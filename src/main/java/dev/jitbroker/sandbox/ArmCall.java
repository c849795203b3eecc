package dev.jitbroker.sandbox;

import java.util.Locale;
import java.util.Objects;

/** A kind of ARM call the sandbox answered: the HTTP method and the status it got. */
public record ArmCall(String method, int status) implements Comparable<ArmCall> {

  public ArmCall {
    method = Objects.requireNonNull(method, "method").toUpperCase(Locale.ROOT);
  }

  @Override
  public int compareTo(ArmCall other) {
    int byMethod = method.compareTo(other.method);
    return byMethod != 0 ? byMethod : Integer.compare(status, other.status);
  }

  @Override
  public String toString() {
    return method + " " + status;
  }
}

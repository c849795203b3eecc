package dev.jitbroker.policy;

import java.util.List;
import java.util.stream.Collectors;

/** A policy document that cannot be used; every problem found is listed with its line. */
public final class InvalidPolicyException extends RuntimeException {
  private final List<PolicyError> errors;

  public InvalidPolicyException(List<PolicyError> errors) {
    super("The policy is invalid: " + errors.stream().map(PolicyError::toString).collect(Collectors.joining("; ")),
        null, false, false);
    this.errors = List.copyOf(errors);
  }

  public List<PolicyError> errors() {
    return errors;
  }
}

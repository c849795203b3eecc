package dev.jitbroker.doctor;

import java.util.List;

/**
 * The doctor's answer for one scope: for every grant type, whether the broker's identity holds what
 * it needs there, and if not, what is missing and how to fix it.
 *
 * @param permissionsReadable false when the broker may not even read its own permissions at the scope
 * @param detail a sentence for a person when something is wrong, else null
 */
public record Diagnosis(String scope, boolean permissionsReadable, String detail, List<Readiness> grantTypes) {

  public Diagnosis {
    grantTypes = List.copyOf(grantTypes);
  }

  /**
   * One grant type at the scope.
   *
   * @param missingActions actions of the role the broker does not hold there; empty when ready
   * @param command a one-line {@code az} command that creates the role and assigns it, or null when ready
   */
  public record Readiness(String grantType, boolean ready, List<String> missingActions, BrokerRole role, String command) {
    public Readiness {
      missingActions = List.copyOf(missingActions);
    }
  }
}

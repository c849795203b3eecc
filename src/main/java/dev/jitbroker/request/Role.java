package dev.jitbroker.request;

import java.util.Locale;
import java.util.Optional;

/** What a signed-in caller may do beyond submitting and reading their own requests. */
public enum Role {
  /** Decides other people's requests. */
  APPROVER,
  /** Reads every request and the audit trail. */
  AUDITOR,
  /** Everything above, and revokes anything. */
  ADMIN;

  /** The app role name in tokens, e.g. {@code approver}. */
  public String claimValue() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The role a token's app-role value names, if it names one of ours. */
  public static Optional<Role> fromClaim(String value) {
    for (Role r : values()) {
      if (r.claimValue().equals(value)) {
        return Optional.of(r);
      }
    }
    return Optional.empty();
  }
}

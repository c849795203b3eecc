package dev.jitbroker.grant;

import java.time.Instant;
import java.util.List;

/** Grants and removes access of one grant type in Azure. Both calls are idempotent. */
public interface GrantProvider {

  /** The grant type this provider handles, by its wire name (e.g. {@code azure-rbac}). */
  String grantType();

  /** Gives the access; calling it again for the same command changes nothing more. */
  Granted grant(GrantCommand command) throws GrantFailure;

  /** Removes access this provider granted; access that is already gone counts as removed. */
  void remove(Granted granted) throws GrantFailure;

  /** What this provider created at exactly {@code scope} (marked as the broker's), for reconciliation. */
  List<Owned> owned(String scope) throws GrantFailure;

  /**
   * Access the broker created.
   *
   * @param reference the Azure resource id, as {@link Granted#reference()} holds it
   */
  record Owned(String reference, String principalId, Instant createdOn) {}
}

package dev.jitbroker.grant;

import java.time.Instant;
import java.util.List;

/** Grants and removes access of one grant type in Azure. Both calls are idempotent. */
public interface GrantProvider {

  /** The grant type this provider handles, by its wire name (e.g. {@code azure-rbac}). */
  String grantType();

  /**
   * Checks, before the request is stored or approved, that Azure can give this access at all (reads
   * only). Empty when nothing stands in the way.
   *
   * @throws GrantFailure when Azure could not be asked (transient) or refused to answer (permanent)
   */
  default List<Refusal> precheck(GrantCommand command) throws GrantFailure {
    return List.of();
  }

  /**
   * Gives the access; calling it again for the same command changes nothing more. Throws a
   * {@link GrantFailure#waiting waiting} failure while Azure is still working on it (e.g. a
   * customer's approval of a Managed Application JIT request), and the worker asks again later.
   */
  Granted grant(GrantCommand command) throws GrantFailure;

  /**
   * Removes access this provider granted; access that is already gone (including access Azure ended by
   * itself) counts as removed.
   */
  void remove(Granted granted) throws GrantFailure;

  /**
   * Whether the reconciler compares {@link #owned} with the database for this grant type. False where
   * Azure ends every grant by itself and nothing the broker made can outlive it (VM JIT).
   */
  default boolean reconciles() {
    return true;
  }

  /** What this provider created at exactly {@code scope} (marked as the broker's), for reconciliation. */
  List<Owned> owned(String scope) throws GrantFailure;

  /**
   * Access the broker created.
   *
   * @param reference the Azure resource id, as {@link Granted#reference()} holds it
   */
  record Owned(String reference, String principalId, Instant createdOn) {}
}

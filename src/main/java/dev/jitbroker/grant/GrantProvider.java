package dev.jitbroker.grant;

/** Grants and removes access of one grant type in Azure. Both calls are idempotent. */
public interface GrantProvider {

  /** The grant type this provider handles, by its wire name (e.g. {@code azure-rbac}). */
  String grantType();

  /** Gives the access; calling it again for the same command changes nothing more. */
  Granted grant(GrantCommand command) throws GrantFailure;

  /** Removes access this provider granted; access that is already gone counts as removed. */
  void remove(Granted granted) throws GrantFailure;
}

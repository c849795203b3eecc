package dev.jitbroker.doctor;

import dev.jitbroker.grant.GrantFailure;
import dev.jitbroker.request.Scope;

/** Asks Azure for the broker identity's effective permissions at a resource group or resource. */
public interface PermissionSource {

  /** The broker's permissions at {@code scope}; throws when Azure could not be asked or refused for another reason. */
  PermissionsAnswer at(Scope scope) throws GrantFailure;
}

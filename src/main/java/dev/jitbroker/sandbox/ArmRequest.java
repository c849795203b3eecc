package dev.jitbroker.sandbox;

import java.util.Optional;

/**
 * One authenticated ARM call with its decoded query.
 *
 * @param path the request path, normalized (single slashes, no trailing slash)
 */
record ArmRequest(String method, String path, QueryString query, byte[] body, Optional<String> caller) {

  ArmRequest {
    path = ArmPath.normalize(path);
  }

  /** The path as a Microsoft.Authorization collection path; only for the APIs that serve one. */
  ArmPath armPath() {
    return ArmPath.parse(path).orElseThrow(() -> ArmError.notFound("InvalidResourceType",
        "'" + path + "' is not a Microsoft.Authorization roleAssignments or roleDefinitions path."));
  }

  ArmError methodNotAllowed() {
    return new ArmError(405, "MethodNotAllowed", "The sandbox does not support " + method + " on " + path + ".");
  }
}

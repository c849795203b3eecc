package dev.jitbroker.sandbox;

import java.util.Optional;

/** One authenticated ARM call addressed to a Microsoft.Authorization path, with its decoded query. */
record ArmRequest(String method, ArmPath path, QueryString query, byte[] body, Optional<String> caller) {

  ArmError methodNotAllowed() {
    return new ArmError(405, "MethodNotAllowed",
        "The sandbox does not support " + method + " on this Microsoft.Authorization path.");
  }
}

package dev.jitbroker.sandbox;

import io.vertx.ext.web.Router;
import java.util.Set;

/**
 * One resource provider API the sandbox emulates. The gateway has already checked the bearer token,
 * the api-version against {@link #apiVersions()} and the write budget when {@link #handle} runs.
 */
interface SandboxApi {

  /** Whether this API answers {@code path} (normalized: single slashes, no trailing slash). */
  boolean serves(String path);

  /** The api-versions this API accepts. */
  Set<String> apiVersions();

  /** Answers one call, or throws an {@link ArmError} as ARM would. */
  ArmReply handle(ArmRequest request);

  /** Adds inspection and set-up routes under {@code /sandbox/}; no token needed, not counted, not throttled. */
  default void mountControls(Router router) {}

  /** Forgets what callers created (POST /sandbox/reset). */
  default void reset() {}

  /** A short list of what {@link #mountControls} adds, for the control API's 404 answer. */
  default String controls() {
    return "";
  }
}

package dev.jitbroker.grant.azure;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jitbroker.grant.GrantFailure;
import java.time.Duration;
import java.time.Instant;

/**
 * Follows an ARM long-running operation for a short while within one call: by its
 * {@code Azure-AsyncOperation} status, else by its {@code Location}, waiting {@code Retry-After}
 * between polls. What is not done by then is left to the next attempt.
 */
final class ArmOperation {

  private static final Duration DEFAULT_WAIT = Duration.ofSeconds(1);

  /** Whether the operation finished; if not, when to look again. */
  record Progress(boolean done, Duration retryAfter) {}

  private ArmOperation() {}

  static Progress follow(SolutionsRest rest, SolutionsRest.Reply started, Duration patience, String doing) throws GrantFailure {
    boolean byStatus = started.asyncOperation() != null;
    String url = byStatus ? started.asyncOperation() : started.location();
    if (url == null || !rest.onArm(url)) {
      // Nothing to follow (or a URL off ARM, where the broker's token must not go): the resource's own state tells.
      return new Progress(true, null);
    }
    Duration wait = orDefault(started.retryAfter());
    Instant deadline = Instant.now().plus(patience);
    while (!Instant.now().plus(wait).isAfter(deadline)) {
      sleep(wait);
      SolutionsRest.Reply poll = rest.send(com.azure.core.http.HttpMethod.GET, url, null, doing + " (polling its operation)");
      if (byStatus) {
        String status = poll.body().path("status").asText("");
        if ("Succeeded".equalsIgnoreCase(status)) {
          return new Progress(true, null);
        }
        if ("Failed".equalsIgnoreCase(status) || "Canceled".equalsIgnoreCase(status)) {
          JsonNode error = poll.body().path("error");
          throw GrantFailure.permanent(doing + " failed: its operation ended " + status
              + (error.isMissingNode() ? "" : " (" + error.path("code").asText("") + ": " + error.path("message").asText("") + ")")
              + ".", error.path("code").asText(null), null);
        }
      } else if (poll.status() != 202) {
        return new Progress(true, null);
      } else if (poll.location() != null && rest.onArm(poll.location())) {
        url = poll.location();
      }
      wait = orDefault(poll.retryAfter());
    }
    return new Progress(false, wait);
  }

  private static Duration orDefault(Duration retryAfter) {
    return retryAfter == null || retryAfter.isZero() ? DEFAULT_WAIT : retryAfter;
  }

  private static void sleep(Duration d) throws GrantFailure {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw GrantFailure.transientFailure("Interrupted while following an ARM operation", null, null, e);
    }
  }
}

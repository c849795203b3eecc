package dev.jitbroker.grant.azure;

import com.azure.core.exception.HttpResponseException;
import com.azure.core.management.exception.ManagementException;
import dev.jitbroker.grant.GrantFailure;
import java.time.Duration;
import java.util.Set;

/** Translates what ARM and the SDK throw into {@link GrantFailure}; nothing above this package sees SDK exceptions. */
final class ArmErrors {

  private static final Set<Integer> TRANSIENT = Set.of(408, 429, 500, 502, 503, 504);

  private ArmErrors() {}

  static GrantFailure translate(RuntimeException e, String doing) {
    if (e instanceof HttpResponseException h && h.getResponse() != null) {
      int status = h.getResponse().getStatusCode();
      String code = h instanceof ManagementException m && m.getValue() != null ? m.getValue().getCode() : null;
      String message = h instanceof ManagementException m && m.getValue() != null ? m.getValue().getMessage() : null;
      String diagnosis = doing + " failed: ARM answered " + status + (code == null ? "" : " " + code)
          + (message == null ? "" : " (" + message + ")") + advice(status, code);
      if (TRANSIENT.contains(status)) {
        return GrantFailure.transientFailure(diagnosis, code, retryAfter(h), e);
      }
      return GrantFailure.permanent(diagnosis, code, e);
    }
    // No answer at all: timeouts, resets, DNS. Worth another try.
    return GrantFailure.transientFailure(doing + " failed: no answer from ARM (" + e.getClass().getSimpleName() + ")",
        null, null, e);
  }

  static String code(RuntimeException e) {
    return e instanceof ManagementException m && m.getValue() != null ? m.getValue().getCode() : null;
  }

  static int status(RuntimeException e) {
    return e instanceof HttpResponseException h && h.getResponse() != null ? h.getResponse().getStatusCode() : 0;
  }

  private static String advice(int status, String code) {
    if (status == 403 || "AuthorizationFailed".equals(code)) {
      return ". The broker's identity lacks the permission at this scope: assign it the broker's role "
          + "(see the role definitions shipped with jit-broker).";
    }
    if (status == 401) {
      return ". The broker could not authenticate to Azure: check its credentials.";
    }
    return ".";
  }

  private static Duration retryAfter(HttpResponseException h) {
    String value = h.getResponse().getHeaderValue("Retry-After");
    if (value == null) {
      return null;
    }
    try {
      return Duration.ofSeconds(Math.max(1, Long.parseLong(value.trim())));
    } catch (NumberFormatException e) {
      return null;
    }
  }
}

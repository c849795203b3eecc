package dev.jitbroker.request;

import dev.jitbroker.grant.ExternalCall;
import java.time.Duration;

/** What the grant and expiry workers report for monitoring; the adapter publishes it as metrics. */
public interface GrantMetrics {

  /** Access exists in Azure: {@code latency} from the approval to access in Azure. */
  void granted(GrantType type, Duration latency);

  /** A grant failed for good. */
  void failed(GrantType type);

  /**
   * Azure confirmed access is gone (or another request still holds it): {@code lag} from when it was due
   * (the end time, or the revoke) to the confirmation.
   */
  void removed(GrantType type, boolean revoked, Duration lag);

  /** One attempt of a call to Azure, with its status (0 when it got no answer); every attempt, whoever made it. */
  void called(ExternalCall call);
}

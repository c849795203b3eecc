package dev.jitbroker.drill;

import java.util.HashMap;
import java.util.Map;

/**
 * The policy and settings of the drills with notifications: Reader on {@code drill-*} groups is approved
 * at once; Reader on {@code approve-*} groups waits for an approver, and its approvers hear of it on the
 * webhook channel, which also tells requesters everything after.
 */
final class MixedLoad {

  static final String AUTO_SCOPE = "/subscriptions/" + Drill.SUBSCRIPTION + "/resourceGroups/drill-rg";
  static final String APPROVAL_SCOPE = "/subscriptions/" + Drill.SUBSCRIPTION + "/resourceGroups/approve-rg";
  static final String POLICY = """
      rules:
        - name: drill-auto-readers
          match:
            scopes: [/subscriptions/%1$s/resourceGroups/drill-*]
            roles: [Reader]
          outcome:
            auto:
              maxDuration: PT1H
        - name: drill-approved-readers
          match:
            scopes: [/subscriptions/%1$s/resourceGroups/approve-*]
            roles: [Reader]
          outcome:
            approval:
              approvers: { roles: [approver] }
            notify: [drill-hook]
      """.formatted(Drill.SUBSCRIPTION);

  private MixedLoad() {}

  /**
   * The notification settings of a broker in these drills: every notification goes to {@code sink}, is
   * looked for every 200 ms, and one left by a killed broker is sent again 4 s after it was claimed.
   */
  static Map<String, String> notifySettings(WebhookSink sink) {
    Map<String, String> s = new HashMap<>(sink.channelSettings());
    s.put("jit.notify.poll-interval", "0.2s");
    s.put("jit.notify.timeout", "PT2S");
    s.put("jit.notify.lease", "PT4S");
    s.put("jit.notify.backoff-base", "PT0.2S");
    s.put("jit.notify.backoff-max", "PT1S");
    // Seconds-long access still gets its "expiring" warning.
    s.put("jit.notify.expiring-lead", "PT3S");
    return s;
  }
}

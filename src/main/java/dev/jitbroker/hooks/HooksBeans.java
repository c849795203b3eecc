package dev.jitbroker.hooks;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;

/** The approver directory from configuration, and a start-up check of the inbound secrets. */
@ApplicationScoped
public class HooksBeans {

  @Produces
  @Singleton
  ApproverDirectory directory(HooksConfig config) {
    List<ApproverDirectory.Entry> entries = new ArrayList<>();
    config.approvers().forEach((id, a) -> entries.add(new ApproverDirectory.Entry(id, a.name().orElse(null),
        a.groups().map(java.util.Set::copyOf).orElse(java.util.Set.of()),
        a.roles().map(java.util.Set::copyOf).orElse(java.util.Set.of()))));
    return new ApproverDirectory(entries, config.slack().users());
  }

  /** A malformed secret or approver stops the service at start, rather than failing every callback later. */
  void check(@Observes StartupEvent start, HooksConfig config) {
    try {
      directory(config);
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException("jit.hooks.approvers: " + e.getMessage());
    }
    config.integrations().forEach((name, integration) -> {
      for (String secret : integration.secret()) {
        try {
          StandardWebhook.key(secret);
        } catch (IllegalArgumentException e) {
          throw new IllegalStateException("jit.hooks.integrations." + name + ".secret: " + e.getMessage());
        }
      }
    });
  }
}

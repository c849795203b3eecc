package dev.jitbroker.persistence;

import dev.jitbroker.config.JitConfig;
import dev.jitbroker.policy.InvalidPolicyException;
import dev.jitbroker.policy.Policy;
import dev.jitbroker.request.Actor;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * At start-up: validates the policy file (an invalid one stops the service), imports it as a new
 * version when it changed since it was last imported, and loads the active version. Without a file,
 * a version stored earlier (for example through the API) must exist.
 */
@ApplicationScoped
public class PolicyBootstrap {

  private static final Logger LOG = Logger.getLogger(PolicyBootstrap.class);

  private final PolicyStore store;
  private final JitConfig config;

  PolicyBootstrap(PolicyStore store, JitConfig config) {
    this.store = store;
    this.config = config;
  }

  void onStart(@Observes StartupEvent event) {
    Optional<String> file = config.policy().file();
    if (file.isPresent()) {
      Policy policy = read(Path.of(file.get()));
      String hash = PolicyStore.sha256(policy.text());
      // A document stored before is never imported again: a replica restarting with an older file
      // must not roll the fleet back. Roll back on purpose through PUT /api/v1/policy.
      if (!store.isStored(hash)) {
        PolicyStore.StoredPolicy stored = store.store(policy, "file", Actor.system("policy-file"));
        LOG.infof("Imported policy file %s as version %d", file.get(), stored.version().number());
      }
    }
    if (store.refresh().isEmpty()) {
      throw new IllegalStateException(
          "No routing policy: set jit.policy.file to a policy document (see README, 'Policies').");
    }
  }

  private static Policy read(Path path) {
    String text;
    try {
      text = Files.readString(path, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException("Cannot read the policy file " + path.toAbsolutePath() + ": " + e.getMessage(), e);
    }
    try {
      return Policy.parse(text);
    } catch (InvalidPolicyException e) {
      throw new IllegalStateException("The policy file " + path.toAbsolutePath() + " is invalid, so the service will not start. "
          + e.getMessage(), e);
    }
  }
}

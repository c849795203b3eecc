package dev.jitbroker.grant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** The providers the service has, by grant type. */
@ApplicationScoped
public class GrantProviders {

  private final Map<String, GrantProvider> byType = new HashMap<>();

  GrantProviders(Instance<GrantProvider> providers) {
    for (GrantProvider p : providers) {
      byType.put(p.grantType(), p);
    }
  }

  /** The provider for this grant type, if one exists. */
  public Optional<GrantProvider> forType(String grantType) {
    return Optional.ofNullable(byType.get(grantType));
  }
}

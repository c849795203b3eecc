package dev.jitbroker.testsupport;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;

/**
 * Starts the Quarkus OIDC test server (WireMock) for every {@code @QuarkusTest}: it publishes the
 * signing keys the service verifies tokens against. {@link Tokens} signs with the matching private key.
 */
@QuarkusTestResource(OidcWiremockTestResource.class)
public final class OidcServer {
  private OidcServer() {}
}

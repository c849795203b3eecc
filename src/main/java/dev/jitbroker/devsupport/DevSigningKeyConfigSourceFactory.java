package dev.jitbroker.devsupport;

import io.quarkus.runtime.LaunchMode;
import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.PropertiesConfigSource;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * In dev mode only: a signing key made fresh for this JVM, whose public half the service trusts for
 * bearer tokens. Its private half never leaves memory; {@code GET /dev/token} (present only in dev
 * builds) signs tokens with it. A production build neither trusts this key nor can mint with it.
 */
public final class DevSigningKeyConfigSourceFactory implements ConfigSourceFactory {

  static final String PUBLIC_PROPERTY = "jitbroker.dev-signing-key.public";
  static final String PRIVATE_PROPERTY = "jitbroker.dev-signing-key.private";

  @Override
  public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
    // The launch mode, not only the profile: a packaged jar run with QUARKUS_PROFILE=dev stays production.
    if (!context.getProfiles().contains("dev") || LaunchMode.current() != LaunchMode.DEVELOPMENT) {
      return List.of();
    }
    return List.of(
        new PropertiesConfigSource(
            Map.of("quarkus.oidc.public-key", ensureKey()), "jit-broker-dev-signing-key", 200));
  }

  private static synchronized String ensureKey() {
    String publicKey = System.getProperty(PUBLIC_PROPERTY);
    if (publicKey != null) {
      return publicKey;
    }
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(2048);
      KeyPair pair = generator.generateKeyPair();
      publicKey = Base64.getEncoder().encodeToString(pair.getPublic().getEncoded());
      System.setProperty(PRIVATE_PROPERTY, Base64.getEncoder().encodeToString(pair.getPrivate().getEncoded()));
      System.setProperty(PUBLIC_PROPERTY, publicKey);
      return publicKey;
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("RSA is missing from this JVM", e);
    }
  }
}

package dev.jitbroker.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class SandboxCertificateTest {

  private final MutableClock clock = new MutableClock(Instant.parse("2025-06-01T12:00:00Z"));

  @Test
  void generate_givesASelfSignedRsa2048CertificateForLocalhost_validTwoDays() throws Exception {
    SandboxCertificate generated = SandboxCertificate.generate(clock);
    X509Certificate cert = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(
        new ByteArrayInputStream(generated.certificatePem().getBytes(StandardCharsets.US_ASCII)));

    assertEquals("CN=localhost", cert.getSubjectX500Principal().getName());
    assertEquals(cert.getSubjectX500Principal(), cert.getIssuerX500Principal());
    cert.verify(cert.getPublicKey());
    assertEquals(2048, ((RSAPublicKey) cert.getPublicKey()).getModulus().bitLength());
    assertEquals(clock.instant().plus(Duration.ofDays(2)), cert.getNotAfter().toInstant());
    assertTrue(cert.getNotBefore().toInstant().isBefore(clock.instant()));
    Set<String> names = cert.getSubjectAlternativeNames().stream()
        .map(name -> name.get(0) + ":" + name.get(1)).collect(Collectors.toSet());
    assertEquals(Set.of("2:localhost", "7:127.0.0.1"), names);
    assertEquals(List.of("1.3.6.1.5.5.7.3.1"), cert.getExtendedKeyUsage());
    assertEquals(-1, cert.getBasicConstraints(), "not a CA");
    assertTrue(generated.privateKeyPem().startsWith("-----BEGIN PRIVATE KEY-----\n"));
  }

  @Test
  void generate_makesAFreshKeyEachTime() {
    assertNotEquals(SandboxCertificate.generate(clock).certificatePem(), SandboxCertificate.generate(clock).certificatePem());
  }
}

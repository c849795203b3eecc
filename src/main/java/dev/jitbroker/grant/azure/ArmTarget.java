package dev.jitbroker.grant.azure;

import com.azure.core.credential.TokenCredential;

/**
 * Where ARM calls go and how they authenticate.
 *
 * @param armEndpoint e.g. {@code https://management.azure.com/}
 * @param trustedCertificatesPem extra CA certificates to trust (PEM), or null for the JVM's defaults
 */
public record ArmTarget(
    String armEndpoint,
    String authorityHost,
    TokenCredential credential,
    String trustedCertificatesPem,
    int writeBurst,
    double writeRate) {}

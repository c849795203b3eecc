package dev.jitbroker.testsupport;

import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Real signed access tokens shaped like Entra ID's, for test users. */
public final class Tokens {

  public static final String ISSUER = "https://server.example.com";
  public static final String AUDIENCE = "api://jit-broker-tests";
  public static final String TENANT = "72f988bf-86f1-41af-91ab-2d7cd011db47";

  private Tokens() {}

  /** A fresh user with a unique object id, so tests do not see each other's requests. */
  public static User newUser(String name, String... roles) {
    return new User(UUID.randomUUID().toString(), name, List.of(roles), List.of());
  }

  /** A caller of the API. */
  public record User(String oid, String name, List<String> roles, List<String> groups) {

    public String token() {
      return claims().sign();
    }

    /** The claims of a valid token, to change for negative tests. */
    public JwtClaimsBuilder claims() {
      return Jwt.issuer(ISSUER)
          .audience(AUDIENCE)
          .subject(oid)
          .claim("oid", oid)
          .claim("tid", TENANT)
          .claim("preferred_username", name + "@contoso.example")
          .claim("name", name)
          .claim("roles", roles)
          .groups(new java.util.HashSet<>(groups))
          .issuedAt(Instant.now())
          .expiresIn(3600);
    }

    public String bearer() {
      return "Bearer " + token();
    }
  }

  /** {@code token} with its header replaced by {@code alg: none} and no signature. */
  public static String unsigned(String token) {
    String header = java.util.Base64.getUrlEncoder().withoutPadding()
        .encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
    return header + "." + token.split("\\.")[1] + ".";
  }

  /** {@code token} with one bit of its signature flipped. */
  public static String flipSignatureBit(String token) {
    String[] parts = token.split("\\.");
    byte[] sig = java.util.Base64.getUrlDecoder().decode(parts[2]);
    sig[sig.length / 2] ^= 0x01;
    return parts[0] + "." + parts[1] + "." + java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(sig);
  }

  /** The claims of {@code other} under the header and signature of {@code token}. */
  public static String swapClaims(String token, String other) {
    String[] parts = token.split("\\.");
    return parts[0] + "." + other.split("\\.")[1] + "." + parts[2];
  }

  /** The same name always maps to the same id, for readable fixtures. */
  public static String stableOid(String name) {
    return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
  }
}

package dev.jitbroker.devsupport;

import io.quarkus.arc.profile.IfBuildProfile;
import io.smallrye.jwt.build.Jwt;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Dev mode only (removed from other builds): mints a bearer token for any user, roles and groups,
 * shaped like an Entra ID access token. The same user name always gets the same object id.
 */
@IfBuildProfile("dev")
@Path("/dev/token")
public class DevTokenResource {

  /** The tenant id that dev tokens carry. */
  static final String DEV_TENANT = "00000000-0000-4000-8000-00000000de70";

  @ConfigProperty(name = "quarkus.oidc.token.issuer")
  String issuer;

  @ConfigProperty(name = "quarkus.oidc.token.audience")
  List<String> audience;

  @GET
  @Produces(MediaType.TEXT_PLAIN)
  public String token(
      @QueryParam("user") @DefaultValue("alice") String user,
      @QueryParam("roles") @DefaultValue("") String roles,
      @QueryParam("groups") @DefaultValue("") String groups,
      @QueryParam("hours") @DefaultValue("8") int hours)
      throws Exception {
    String oid = UUID.nameUUIDFromBytes(("jit-broker-dev-user:" + user).getBytes(StandardCharsets.UTF_8)).toString();
    return Jwt.issuer(issuer)
            .audience(audience.get(0))
            .subject(oid)
            .claim("oid", oid)
            .claim("tid", DEV_TENANT)
            .claim("preferred_username", user + "@dev.jit-broker.local")
            .claim("name", user)
            .claim("roles", split(roles))
            .groups(new java.util.HashSet<>(split(groups)))
            .expiresIn(Duration.ofHours(Math.max(1, Math.min(hours, 24))))
            .jws()
            .keyId("jit-broker-dev")
            .sign(privateKey())
        + "\n";
  }

  private static List<String> split(String csv) {
    return Arrays.stream(csv.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
  }

  private static PrivateKey privateKey() throws Exception {
    String encoded = System.getProperty(DevSigningKeyConfigSourceFactory.PRIVATE_PROPERTY);
    if (encoded == null) {
      throw new IllegalStateException("the dev signing key was not created; is this dev mode?");
    }
    return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(encoded)));
  }
}

package dev.jitbroker.api;

import static dev.jitbroker.testsupport.Contract.anonymous;
import static org.hamcrest.Matchers.endsWith;

import dev.jitbroker.testsupport.Tokens;
import dev.jitbroker.testsupport.Tokens.User;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.jwt.build.Jwt;
import java.security.KeyPairGenerator;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Tokens are checked for real: signature, issuer, audience, expiry and the object-id claim. */
@QuarkusTest
class AuthApiTest {

  static Stream<Arguments> badTokens() throws Exception {
    User u = Tokens.newUser("eve");
    KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
    rsa.initialize(2048);
    return Stream.of(
        Arguments.of("expired", u.claims().issuedAt(Instant.now().minusSeconds(7200)).expiresAt(Instant.now().minusSeconds(3600)).sign()),
        Arguments.of("not yet valid (nbf in an hour)", u.claims().claim("nbf", Instant.now().plusSeconds(3600).getEpochSecond()).sign()),
        Arguments.of("forged signature (one bit flipped)", Tokens.flipSignatureBit(u.token())),
        Arguments.of("claims swapped under another token's signature", Tokens.swapClaims(u.token(), Tokens.newUser("root", "admin").token())),
        Arguments.of("unsigned (alg none, signature kept)", Tokens.unsigned(u.token()) + u.token().split("\\.")[2]),
        Arguments.of("wrong audience", u.claims().audience("api://someone-else").sign()),
        Arguments.of("wrong issuer", u.claims().issuer("https://evil.example.com").sign()),
        Arguments.of("signed by an unknown key", u.claims().jws().keyId("1").sign(rsa.generateKeyPair().getPrivate())),
        Arguments.of("signed with a guessed shared secret", u.claims().signWithSecret("a-shared-secret-that-nobody-configured-0123456789")),
        Arguments.of("unsigned (alg none)", Tokens.unsigned(u.token())),
        Arguments.of("garbage", "not.a.jwt"),
        Arguments.of("no oid claim", Jwt.issuer(Tokens.ISSUER).audience(Tokens.AUDIENCE).subject("x").expiresIn(600).sign()));
  }




  @ParameterizedTest(name = "{0}")
  @MethodSource("badTokens")
  void badToken_is401ProblemJson(String why, String token) {
    anonymous().header("Authorization", "Bearer " + token).get("/api/v1/access-requests")
        .then().statusCode(401).contentType("application/problem+json").body("type", endsWith("/unauthorized"));
  }

  @Test
  void basicAuth_is401() {
    anonymous().header("Authorization", "Basic YWxpY2U6c2VjcmV0").get("/api/v1/access-requests")
        .then().statusCode(401).contentType("application/problem+json");
  }

  @Test
  void auditTrail_withoutAuditorRole_is403() {
    anonymous().header("Authorization", Tokens.newUser("pat", "approver").bearer()).get("/api/v1/audit-events")
        .then().statusCode(403).contentType("application/problem+json");
  }
}

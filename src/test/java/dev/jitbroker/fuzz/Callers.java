package dev.jitbroker.fuzz;

import dev.jitbroker.testsupport.Tokens;
import dev.jitbroker.testsupport.Tokens.User;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Who calls: nobody, signed-in users with each role, and a set of tokens the service must refuse. */
final class Callers {

  /** One way of calling: a label for reports and the Authorization header (null for none). */
  record Caller(String label, String authorization, boolean valid) {}

  final User requester = Tokens.newUser("fuzz-requester");
  final User stranger = Tokens.newUser("fuzz-stranger");
  final User approver = Tokens.newUser("fuzz-approver", "approver");
  final User auditor = Tokens.newUser("fuzz-auditor", "auditor");
  final User admin = Tokens.newUser("fuzz-admin", "admin");

  private final List<Caller> good;
  private final List<Caller> bad;

  Callers() {
    good = List.of(
        new Caller("requester", requester.bearer(), true),
        new Caller("stranger", stranger.bearer(), true),
        new Caller("approver", approver.bearer(), true),
        new Caller("auditor", auditor.bearer(), true),
        new Caller("admin", admin.bearer(), true));
    Map<String, String> refused = new LinkedHashMap<>();
    refused.put("no token", null);
    badTokens(stranger).forEach((why, token) -> refused.put(why, "Bearer " + token));
    refused.put("basic auth", "Basic YWxpY2U6c2VjcmV0");
    refused.put("empty bearer", "Bearer ");
    refused.put("bearer without space", "Bearer" + stranger.token());
    bad = refused.entrySet().stream().map(e -> new Caller(e.getKey(), e.getValue(), false)).toList();
  }

  List<Caller> good() {
    return good;
  }

  List<Caller> bad() {
    return bad;
  }

  List<String> oids() {
    return List.of(requester.oid(), stranger.oid(), approver.oid(), auditor.oid(), admin.oid());
  }

  /** Tokens for {@code u} that must each be refused with 401. */
  static Map<String, String> badTokens(User u) {
    Map<String, String> tokens = new LinkedHashMap<>();
    Instant now = Instant.now();
    tokens.put("expired", u.claims().issuedAt(now.minusSeconds(7200)).expiresAt(now.minusSeconds(3600)).sign());
    tokens.put("not yet valid", u.claims().claim("nbf", now.plusSeconds(3600).getEpochSecond()).sign());
    tokens.put("wrong audience", u.claims().audience("api://someone-else").sign());
    tokens.put("wrong issuer", u.claims().issuer("https://evil.example.com").sign());
    tokens.put("unknown key", u.claims().jws().keyId("1").sign(otherKey()));
    tokens.put("shared secret", u.claims().signWithSecret("a-shared-secret-that-nobody-configured-0123456789"));
    tokens.put("alg none", Tokens.unsigned(u.token()));
    tokens.put("forged signature", Tokens.flipSignatureBit(u.token()));
    tokens.put("forged payload", Tokens.swapClaims(u.token(), Tokens.newUser("admin", "admin").token()));
    tokens.put("garbage", "not.a.jwt");
    tokens.put("huge garbage", "x".repeat(16_000));
    return tokens;
  }




  private static java.security.PrivateKey otherKey() {
    try {
      KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
      rsa.initialize(2048);
      return rsa.generateKeyPair().getPrivate();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}

package dev.jitbroker.auth;

import dev.jitbroker.config.JitConfig;
import dev.jitbroker.request.Actor;
import dev.jitbroker.request.Role;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.RequestScoped;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Set;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** The signed-in caller of this HTTP request, read from the verified access token. */
@RequestScoped
public class CallerIdentity {

  private static final int MAX_ID = 256;
  private static final int MAX_NAME = 200;

  private final SecurityIdentity identity;
  private final JsonWebToken token;
  private final JitConfig.Auth.Claims claims;
  private Actor actor;

  CallerIdentity(SecurityIdentity identity, JsonWebToken token, JitConfig config) {
    this.identity = identity;
    this.token = token;
    this.claims = config.auth().claims();
  }

  /** The caller as the core sees it; refuses a token without the object-id claim. */
  public Actor actor() {
    if (actor == null) {
      actor = read();
    }
    return actor;
  }

  private Actor read() {
    if (identity.isAnonymous()) {
      throw new MissingIdentityException("Sign in: send an access token as 'Authorization: Bearer <token>'.");
    }
    String id = stringClaim(claims.objectId());
    if (id == null || id.isBlank()) {
      throw new MissingIdentityException(
          "The access token has no '" + claims.objectId() + "' claim, so the caller cannot be identified.");
    }
    if (id.length() > MAX_ID || id.chars().anyMatch(Character::isISOControl)) {
      throw new MissingIdentityException(
          "The access token's '" + claims.objectId() + "' claim is not a usable id (at most " + MAX_ID
              + " printable characters).");
    }
    String name = stringClaim(claims.name());
    if (name == null) {
      name = stringClaim(claims.username());
    }
    name = printable(name);
    Set<Role> roles = EnumSet.noneOf(Role.class);
    for (String r : identity.getRoles()) {
      Role.fromClaim(r).ifPresent(roles::add);
    }
    Set<String> groups = new HashSet<>();
    Object raw = token.getClaim(claims.groups());
    if (raw instanceof Collection<?> list) {
      for (Object g : list) {
        groups.add(unquote(String.valueOf(g)));
      }
    }
    return new Actor(id, name, roles, groups);
  }

  // Names are for people reading; keep them printable and bounded rather than refuse the caller.
  private static String printable(String name) {
    if (name == null) {
      return null;
    }
    String clean = name.replaceAll("\\p{Cntrl}", "").strip();
    if (clean.length() > MAX_NAME) {
      clean = clean.substring(0, MAX_NAME);
    }
    return clean.isEmpty() ? null : clean;
  }

  private String stringClaim(String claim) {
    Object value = token.getClaim(claim);
    return value == null ? null : unquote(value.toString());
  }

  // jakarta.json string values print with their quotes.
  private static String unquote(String s) {
    return s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"") ? s.substring(1, s.length() - 1) : s;
  }
}

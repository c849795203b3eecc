package dev.jitbroker.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;

/** The bearer token of an ARM call: any non-empty one is accepted, and a JWT's {@code oid} names the caller. */
final class BearerToken {

  private BearerToken() {}

  /** The token of an {@code Authorization: Bearer <token>} header; empty when missing or blank. */
  static Optional<String> from(String authorization) {
    if (authorization == null || !authorization.toLowerCase(Locale.ROOT).startsWith("bearer ")) {
      return Optional.empty();
    }
    String token = authorization.substring("bearer ".length()).trim();
    return token.isEmpty() ? Optional.empty() : Optional.of(token);
  }

  /** The {@code oid} claim of a JWT, if the token is one and has it. */
  static Optional<String> objectId(String token) {
    // Read without verifying the signature: the sandbox stands in for ARM, not for Entra ID.
    String[] parts = token.split("\\.");
    if (parts.length < 2) {
      return Optional.empty();
    }
    try {
      byte[] payload = Base64.getUrlDecoder().decode(parts[1]);
      return ArmJson.parse(payload).map(claims -> claims.get("oid")).filter(JsonNode::isTextual).map(JsonNode::asText);
    } catch (IllegalArgumentException notBase64) {
      return Optional.empty();
    }
  }
}

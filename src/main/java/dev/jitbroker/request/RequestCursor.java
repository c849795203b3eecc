package dev.jitbroker.request;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.UUID;

/** A position in the newest-first list of requests: stable when new requests arrive. */
public record RequestCursor(Instant createdAt, UUID id) {

  /** The opaque form handed to clients. */
  public String encode() {
    String plain = createdAt.toString() + "|" + id;
    return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.UTF_8));
  }

  /** Reads a cursor a client sent back. */
  public static RequestCursor decode(String token) {
    try {
      String plain = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
      int bar = plain.indexOf('|');
      if (bar < 0) {
        throw new IllegalArgumentException();
      }
      return new RequestCursor(Instant.parse(plain.substring(0, bar)), UUID.fromString(plain.substring(bar + 1)));
    } catch (IllegalArgumentException | DateTimeParseException e) {
      throw new InvalidRequestException("cursor", "is not a cursor this service issued; start again without it");
    }
  }

  static RequestCursor after(AccessRequest last) {
    return new RequestCursor(last.createdAt(), last.id());
  }
}

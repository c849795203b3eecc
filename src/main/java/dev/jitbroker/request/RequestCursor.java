package dev.jitbroker.request;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.UUID;

/** A position in the newest-first list of requests: stable when new requests arrive. */
public record RequestCursor(Instant createdAt, UUID id) {

  // Positions outside what Postgres stores come from tampered cursors.
  private static final Instant EARLIEST = Instant.parse("1970-01-01T00:00:00Z");
  private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");

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
      Instant at = Instant.parse(plain.substring(0, bar));
      if (at.isBefore(EARLIEST) || at.isAfter(LATEST)) {
        throw new IllegalArgumentException();
      }
      return new RequestCursor(at, UUID.fromString(plain.substring(bar + 1)));
    } catch (IllegalArgumentException | DateTimeParseException e) {
      throw new InvalidRequestException("cursor", "is not a cursor this service issued; start again without it");
    }
  }

  static RequestCursor after(AccessRequest last) {
    return new RequestCursor(last.createdAt(), last.id());
  }
}

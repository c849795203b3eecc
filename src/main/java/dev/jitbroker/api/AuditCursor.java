package dev.jitbroker.api;

import dev.jitbroker.request.InvalidRequestException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** The opaque cursor of the audit event list: the last event id seen. */
final class AuditCursor {
  private static final String PREFIX = "audit:";

  private AuditCursor() {}

  static String encode(long lastId) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString((PREFIX + lastId).getBytes(StandardCharsets.UTF_8));
  }

  static long decode(String cursor) {
    if (cursor == null) {
      return 0;
    }
    try {
      String plain = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
      if (plain.startsWith(PREFIX)) {
        long id = Long.parseLong(plain.substring(PREFIX.length()));
        if (id >= 0) {
          return id;
        }
      }
    } catch (IllegalArgumentException e) {
      // falls through to the error below
    }
    throw new InvalidRequestException("cursor", "is not a cursor this service issued; start again without it");
  }
}

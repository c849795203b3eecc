package dev.jitbroker.api;

import dev.jitbroker.audit.AuditReader;
import dev.jitbroker.request.InvalidRequestException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

/**
 * The opaque cursor of the audit event list: the last event seen, as {@code audit:<id>} for pages in
 * id order, or {@code audit:<id>@<epoch microseconds>} for pages in time order. Either is accepted
 * for either order.
 */
final class AuditCursor {
  private static final String PREFIX = "audit:";
  private static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
  private static final Instant LATEST = Instant.parse("+10000-01-01T00:00:00Z");

  private AuditCursor() {}

  static String encode(AuditReader.Position last, boolean timeOrdered) {
    String plain = PREFIX + last.id();
    if (timeOrdered && last.at() != null) {
      Instant at = last.at();
      plain += "@" + Math.addExact(Math.multiplyExact(at.getEpochSecond(), 1_000_000L), at.getNano() / 1000);
    }
    return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.UTF_8));
  }

  static AuditReader.Position decode(String cursor) {
    if (cursor == null) {
      return AuditReader.Position.START;
    }
    try {
      String plain = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
      if (plain.startsWith(PREFIX)) {
        String rest = plain.substring(PREFIX.length());
        int at = rest.indexOf('@');
        long id = Long.parseLong(at < 0 ? rest : rest.substring(0, at));
        Instant time = null;
        if (at >= 0) {
          long micros = Long.parseLong(rest.substring(at + 1));
          time = Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000);
        }
        // Every event's time lies in these years; a time outside them is no cursor of ours (and Postgres
        // would refuse it as out of range).
        if (id >= 0 && (time == null || !time.isBefore(EARLIEST) && time.isBefore(LATEST))) {
          return new AuditReader.Position(id, time);
        }
      }
    } catch (IllegalArgumentException | java.time.DateTimeException e) {
      // falls through to the error below
    }
    throw new InvalidRequestException("cursor", "is not a cursor this service issued; start again without it");
  }
}

package dev.jitbroker.request;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Supplier;

/**
 * A validated request for access, built from what the caller sent.
 *
 * @param principal who receives the access (defaults to the caller)
 */
public record Submission(
    Scope scope,
    RoleRef role,
    PrincipalId principal,
    Duration duration,
    Justification justification,
    Ticket ticket,
    GrantType grantType) {

  /** What the caller sent, unchecked. */
  public record Raw(
      String scope, String role, String duration, String justification, String ticket, String principalId, String grantType) {}

  /** Checks every field and reports all broken rules at once. */
  public static Submission from(Raw raw, Actor caller, LifecycleSettings settings) {
    List<InvalidRequestException.FieldError> errors = new ArrayList<>();
    Scope scope = field(errors, "scope", () -> new Scope(raw.scope()));
    RoleRef role = field(errors, "role", () -> new RoleRef(raw.role()));
    Duration duration = field(errors, "duration", () -> duration(raw.duration(), settings.maxDuration()));
    Justification justification = field(errors, "justification", () -> new Justification(raw.justification()));
    Ticket ticket = raw.ticket() == null ? null : field(errors, "ticket", () -> new Ticket(raw.ticket()));
    PrincipalId principal = field(errors, "principalId", () -> principal(raw.principalId(), caller));
    GrantType grantType =
        raw.grantType() == null ? GrantType.AZURE_RBAC : field(errors, "grantType", () -> GrantType.parse(raw.grantType()));
    if (!errors.isEmpty()) {
      throw new InvalidRequestException(errors);
    }
    return new Submission(scope, role, principal, duration, justification, ticket, grantType);
  }

  private static <T> T field(List<InvalidRequestException.FieldError> errors, String name, Supplier<T> parse) {
    try {
      return parse.get();
    } catch (IllegalArgumentException e) {
      errors.add(new InvalidRequestException.FieldError(name, e.getMessage()));
      return null;
    }
  }

  private static Duration duration(String text, Duration max) {
    if (text == null || text.isEmpty()) {
      throw new IllegalArgumentException("is required, as an ISO-8601 duration such as PT1H");
    }
    Duration d;
    try {
      d = Duration.parse(text);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("must be an ISO-8601 duration such as PT30M or PT2H (got '" + clip(text) + "')");
    }
    if (d.compareTo(LifecycleSettings.MIN_DURATION) < 0 || d.compareTo(max) > 0) {
      throw new IllegalArgumentException("must be between " + LifecycleSettings.MIN_DURATION + " and " + max);
    }
    if (d.getNano() != 0) {
      throw new IllegalArgumentException("must be a whole number of seconds");
    }
    return d;
  }

  private static PrincipalId principal(String text, Actor caller) {
    if (text != null) {
      return new PrincipalId(text);
    }
    if (!PrincipalId.looksValid(caller.id())) {
      throw new IllegalArgumentException(
          "is required: your token's object id is not an Entra object id, so name the principal that gets the access");
    }
    return new PrincipalId(caller.id());
  }

  private static String clip(String text) {
    String printable = text.replaceAll("\\p{Cntrl}", "?");
    return printable.length() <= 40 ? printable : printable.substring(0, 40) + "...";
  }

  /** A digest of the request's content, to recognise a retry of the same submission. */
  public String fingerprint() {
    String canonical = String.join("\u0000",
        scope.armId(), role.value(), principal.value(), duration.toString(), justification.text(),
        ticket == null ? "" : ticket.value(), grantType.wireName());
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(sha.digest(canonical.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}

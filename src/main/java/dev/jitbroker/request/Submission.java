package dev.jitbroker.request;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import dev.jitbroker.grant.NetworkAccess;
import java.util.function.Supplier;

/**
 * A validated request for access, built from what the caller sent.
 *
 * @param principal who receives the access (defaults to the caller)
 * @param network ports and source, for {@code vm-jit} only
 * @param extendsId the request whose access this one continues, for an extension
 */
public record Submission(
    Scope scope,
    RoleRef role,
    PrincipalId principal,
    Duration duration,
    Justification justification,
    Ticket ticket,
    GrantType grantType,
    NetworkAccess network,
    UUID extendsId) {

  /** The role a {@code vm-jit} request records when it names none: it opens ports, it assigns no role. */
  public static final String VM_JIT_ROLE = "Network access";

  /** The most ports one {@code vm-jit} request may open. */
  static final int MAX_PORTS = 20;

  /** What the caller sent, unchecked. */
  public record Raw(
      String scope, String role, String duration, String justification, String ticket, String principalId, String grantType,
      NetworkRaw network) {

    public Raw(String scope, String role, String duration, String justification, String ticket, String principalId,
        String grantType) {
      this(scope, role, duration, justification, ticket, principalId, grantType, null);
    }
  }

  /** {@code network} as the caller sent it. */
  public record NetworkRaw(List<Integer> ports, String sourceAddressPrefix) {}

  /** Checks every field and reports all broken rules at once. */
  public static Submission from(Raw raw, Actor caller, LifecycleSettings settings) {
    List<InvalidRequestException.FieldError> errors = new ArrayList<>();
    Scope scope = field(errors, "scope", () -> new Scope(raw.scope()));
    // VM JIT opens network ports and assigns no role: the request names what it is, for policies and the audit.
    boolean vmJit = GrantType.VM_JIT.wireName().equals(raw.grantType());
    RoleRef role = vmJit && raw.role() == null ? new RoleRef(VM_JIT_ROLE) : field(errors, "role", () -> new RoleRef(raw.role()));
    Duration duration = field(errors, "duration", () -> duration(raw.duration(), settings));
    Justification justification = field(errors, "justification", () -> new Justification(raw.justification()));
    Ticket ticket = raw.ticket() == null ? null : field(errors, "ticket", () -> new Ticket(raw.ticket()));
    PrincipalId principal = field(errors, "principalId", () -> principal(raw.principalId(), caller));
    GrantType grantType =
        raw.grantType() == null ? GrantType.AZURE_RBAC : field(errors, "grantType", () -> GrantType.parse(raw.grantType()));
    NetworkAccess network = null;
    if (grantType == GrantType.VM_JIT) {
      network = raw.network() == null
          ? fail(errors, "network", "is required for grantType vm-jit: the ports to open and the sourceAddressPrefix")
          : network(errors, raw.network());
    } else if (raw.network() != null && grantType != null) {
      errors.add(new InvalidRequestException.FieldError("network", "applies only to grantType vm-jit; leave it out"));
    }
    if (!errors.isEmpty()) {
      throw new InvalidRequestException(errors);
    }
    return new Submission(scope, role, principal, duration, justification, ticket, grantType, network, null);
  }

  /** The same access for a further while: an extension of {@code original}, routed like a new request. */
  public static Submission extension(AccessRequest original, String duration, String justification, LifecycleSettings settings) {
    List<InvalidRequestException.FieldError> errors = new ArrayList<>();
    Duration d = field(errors, "duration", () -> duration(duration, settings));
    Justification j = field(errors, "justification", () -> new Justification(justification));
    if (!errors.isEmpty()) {
      throw new InvalidRequestException(errors);
    }
    return new Submission(new Scope(original.scope()), new RoleRef(original.role()), new PrincipalId(original.principalId()),
        d, j, original.ticket() == null ? null : new Ticket(original.ticket()), original.grantType(), original.network(),
        original.id());
  }

  private static <T> T fail(List<InvalidRequestException.FieldError> errors, String field, String message) {
    errors.add(new InvalidRequestException.FieldError(field, message));
    return null;
  }

  private static NetworkAccess network(List<InvalidRequestException.FieldError> errors, NetworkRaw raw) {
    int before = errors.size();
    List<Integer> ports = raw.ports();
    if (ports == null || ports.isEmpty()) {
      fail(errors, "network.ports", "is required: one or more TCP ports, such as [22] or [3389]");
    } else if (ports.size() > MAX_PORTS) {
      fail(errors, "network.ports", "may name at most " + MAX_PORTS + " ports (got " + ports.size() + ")");
    } else {
      for (Integer port : ports) {
        if (port == null || port < 1 || port > 65535) {
          fail(errors, "network.ports", "must be TCP ports from 1 to 65535 (got " + port + ")");
          break;
        }
      }
      if (errors.size() == before && new java.util.HashSet<>(ports).size() != ports.size()) {
        fail(errors, "network.ports", "names a port twice");
      }
    }
    String source = raw.sourceAddressPrefix();
    if (source == null || source.isBlank()) {
      fail(errors, "network.sourceAddressPrefix",
          "is required: the IP address or CIDR range you connect from, such as 203.0.113.7 or 203.0.113.0/28");
    } else if (!AddressPrefix.isValid(source)) {
      fail(errors, "network.sourceAddressPrefix", "must be one IPv4 or IPv6 address or CIDR range, such as 203.0.113.7 "
          + "or 203.0.113.0/28; '*' and service tags are not accepted for just-in-time access (got '" + clip(source) + "')");
    }
    return errors.size() == before ? new NetworkAccess(ports, source.trim()) : null;
  }

  private static <T> T field(List<InvalidRequestException.FieldError> errors, String name, Supplier<T> parse) {
    try {
      return parse.get();
    } catch (IllegalArgumentException e) {
      errors.add(new InvalidRequestException.FieldError(name, e.getMessage()));
      return null;
    }
  }

  private static Duration duration(String text, LifecycleSettings settings) {
    Duration min = settings.minDuration();
    Duration max = settings.maxDuration();
    if (text == null || text.isEmpty()) {
      throw new IllegalArgumentException("is required, as an ISO-8601 duration such as PT1H");
    }
    Duration d;
    try {
      d = Duration.parse(text);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("must be an ISO-8601 duration such as PT30M or PT2H (got '" + clip(text) + "')");
    }
    if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
      throw new IllegalArgumentException("must be between " + min + " and " + max);
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
        ticket == null ? "" : ticket.value(), grantType.wireName(),
        network == null ? "" : network.ports() + "|" + network.sourceAddressPrefix(),
        extendsId == null ? "" : extendsId.toString());
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(sha.digest(canonical.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}

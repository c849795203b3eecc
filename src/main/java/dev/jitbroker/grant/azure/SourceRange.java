package dev.jitbroker.grant.azure;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.regex.Pattern;

/** An IPv4 or IPv6 address or CIDR range, as a JIT policy names the sources it allows. */
record SourceRange(BigInteger first, BigInteger last, boolean v6) {

  // Only literals are parsed, so InetAddress never looks a name up.
  private static final Pattern LITERAL = Pattern.compile("[0-9A-Fa-f:.]+(/\\d{1,3})?");

  /** The range {@code text} names; empty for anything else (a service tag such as {@code Internet}). */
  static Optional<SourceRange> parse(String text) {
    String t = text == null ? "" : text.trim();
    if (!LITERAL.matcher(t).matches()) {
      return Optional.empty();
    }
    int slash = t.indexOf('/');
    try {
      byte[] bytes = InetAddress.getByName(slash < 0 ? t : t.substring(0, slash)).getAddress();
      int width = bytes.length * 8;
      int bits = slash < 0 ? width : Integer.parseInt(t.substring(slash + 1));
      if (bits > width) {
        return Optional.empty();
      }
      BigInteger hostMask = BigInteger.ONE.shiftLeft(width - bits).subtract(BigInteger.ONE);
      BigInteger first = new BigInteger(1, bytes).andNot(hostMask);
      return Optional.of(new SourceRange(first, first.or(hostMask), bytes.length == 16));
    } catch (UnknownHostException | NumberFormatException e) {
      return Optional.empty();
    }
  }

  /** Whether {@code allowed} ({@code *}, an address or a range) takes in all of {@code requested}. */
  static boolean allows(String allowed, String requested) {
    if (allowed != null && allowed.trim().equals("*")) {
      return true;
    }
    Optional<SourceRange> a = parse(allowed);
    Optional<SourceRange> r = parse(requested);
    return a.isPresent() && r.isPresent() && a.get().v6 == r.get().v6
        && a.get().first.compareTo(r.get().first) <= 0 && r.get().last.compareTo(a.get().last) <= 0;
  }
}

package dev.jitbroker.request;

import java.util.regex.Pattern;

/** An IPv4 or IPv6 address, or a CIDR range of one, as Defender for Cloud takes a source address prefix. */
final class AddressPrefix {
  private AddressPrefix() {}

  private static final Pattern V4 = Pattern.compile("((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)");
  private static final Pattern V6 = Pattern.compile("[0-9A-Fa-f:.]{2,45}");

  /** Whether {@code text} is one address or range; never {@code *} or a service tag. */
  static boolean isValid(String text) {
    String t = text.trim();
    int slash = t.indexOf('/');
    String address = slash < 0 ? t : t.substring(0, slash);
    boolean v4 = V4.matcher(address).matches();
    boolean v6 = !v4 && address.contains(":") && V6.matcher(address).matches() && isV6(address);
    if (!v4 && !v6) {
      return false;
    }
    if (slash < 0) {
      return true;
    }
    String bits = t.substring(slash + 1);
    if (!bits.matches("\\d{1,3}")) {
      return false;
    }
    int n = Integer.parseInt(bits);
    return v4 ? n >= 8 && n <= 32 : n >= 32 && n <= 128;
  }

  private static boolean isV6(String address) {
    // Parsing a literal with colons never does a DNS lookup.
    try {
      return java.net.InetAddress.getByName(address) instanceof java.net.Inet6Address;
    } catch (java.net.UnknownHostException e) {
      return false;
    }
  }
}

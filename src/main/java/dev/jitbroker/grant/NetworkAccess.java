package dev.jitbroker.grant;

import java.util.List;

/**
 * Network access asked for with {@code vm-jit}: which ports of the VM to open, and from where.
 *
 * @param ports TCP ports, each 1 to 65535, no repeats
 * @param sourceAddressPrefix one IPv4 or IPv6 address or CIDR range the connections come from
 */
public record NetworkAccess(List<Integer> ports, String sourceAddressPrefix) {

  public NetworkAccess {
    ports = List.copyOf(ports);
  }
}

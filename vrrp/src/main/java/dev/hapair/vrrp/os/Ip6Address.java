package dev.hapair.vrrp.os;

import java.net.Inet6Address;
import java.util.Objects;

/**
 * An IPv6 virtual address on an interface ({@code ip -6 addr add ADDRESS/PREFIX dev IFACE nodad}). Added with
 * IFA_F_NODAD as keepalived does: duplicate address detection would keep a fresh master from using (and
 * announcing) the address for a second or more, and the VRRP election already decides who owns it.
 */
public record Ip6Address(String interfaceName, Inet6Address address, int prefixLength) implements VipAssignment {
    public Ip6Address {
        Objects.requireNonNull(interfaceName, "interfaceName");
        Objects.requireNonNull(address, "address");
        if (prefixLength < 0 || prefixLength > 128) {
            throw new IllegalArgumentException("prefix length " + prefixLength + " out of range 0-128");
        }
    }

    @Override
    public String toString() {
        return address.getHostAddress() + "/" + prefixLength + " dev " + interfaceName + " nodad";
    }
}

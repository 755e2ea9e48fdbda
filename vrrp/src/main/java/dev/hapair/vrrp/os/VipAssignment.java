package dev.hapair.vrrp.os;

import java.net.InetAddress;

/**
 * A virtual address as the daemon adds it to an interface: {@link IfAddress} for IPv4 ({@code ip addr add}
 * with label, scope, broadcast), {@link Ip6Address} for IPv6 ({@code ip -6 addr add ... nodad}).
 */
public sealed interface VipAssignment permits IfAddress, Ip6Address {
    String interfaceName();

    InetAddress address();
}

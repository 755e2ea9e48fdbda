package dev.hapair.vrrp.os;

import java.net.Inet4Address;

/**
 * A packet read from the advert channel: the whole IPv4 datagram as the raw socket delivers it (header
 * included, so TTL and destination can be checked per RFC 3768 section 7.1 / RFC 5798 section 7.1), and
 * the source address the kernel reported. The array is owned by the receiver; treat it as read-only.
 */
public record ReceivedPacket(byte[] ipPacket, Inet4Address source, String interfaceName) {}

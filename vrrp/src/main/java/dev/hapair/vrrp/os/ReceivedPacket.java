package dev.hapair.vrrp.os;

import java.net.InetAddress;

/**
 * A packet read from the advert channel: the whole IP datagram, header included, so TTL/hop limit and
 * destination can be checked per RFC 3768 section 7.1 / RFC 5798 section 7.1, and the source address the
 * kernel reported. An IPv4 raw socket delivers the header; for IPv6, whose raw sockets do not, the channel
 * rebuilds it from recvmsg's source, IPV6_PKTINFO destination and IPV6_HOPLIMIT (see
 * {@link RawAdvert6Channel}). The array is owned by the receiver; treat it as read-only.
 */
public record ReceivedPacket(byte[] ipPacket, InetAddress source, String interfaceName) {}

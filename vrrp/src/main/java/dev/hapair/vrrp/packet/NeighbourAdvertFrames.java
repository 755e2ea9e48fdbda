package dev.hapair.vrrp.packet;

import java.net.Inet6Address;
import java.net.UnknownHostException;
import java.util.Optional;

/**
 * Unsolicited neighbour advertisements (RFC 4861 section 7.2.6), IPv6's gratuitous ARP, as a new master sends
 * them for its IPv6 virtual addresses: to all-nodes ff02::1 (Ethernet 33:33:00:00:00:01) from the address
 * itself, hop limit 255 (receivers drop anything else, section 7.1.2), Override set, Solicited and Router
 * clear, with the Target Link-Layer Address option carrying the interface MAC. A receiver holding an entry
 * for the address replaces its link-layer address and marks it STALE. 86 bytes.
 */
public final class NeighbourAdvertFrames {
    public static final int ETHERTYPE_IPV6 = 0x86dd;
    public static final int IPPROTO_ICMPV6 = 58;
    public static final int TYPE_NEIGHBOUR_ADVERT = 136;
    static final int FLAG_OVERRIDE = 0x20;
    static final int ICMP_LENGTH = 24 + 8;
    public static final int FRAME_LENGTH = EthernetFrame.HEADER_LENGTH + 40 + ICMP_LENGTH;
    public static final Inet6Address ALL_NODES =
            v6(new byte[] {(byte) 0xff, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1});
    static final MacAddress ALL_NODES_MAC = MacAddress.parse("33:33:00:00:00:01");

    private NeighbourAdvertFrames() {}

    /** The frame announcing that {@code target} is at {@code mac}. */
    public static byte[] unsolicited(MacAddress mac, Inet6Address target) {
        byte[] b = new byte[FRAME_LENGTH];
        ALL_NODES_MAC.writeTo(b, 0);
        mac.writeTo(b, 6);
        b[12] = (byte) (ETHERTYPE_IPV6 >>> 8);
        b[13] = (byte) ETHERTYPE_IPV6;
        int ip = EthernetFrame.HEADER_LENGTH;
        b[ip] = 0x60; // version 6, traffic class and flow label 0
        b[ip + 4] = 0;
        b[ip + 5] = (byte) ICMP_LENGTH;
        b[ip + 6] = (byte) IPPROTO_ICMPV6;
        b[ip + 7] = (byte) 255;
        System.arraycopy(target.getAddress(), 0, b, ip + 8, 16);
        System.arraycopy(ALL_NODES.getAddress(), 0, b, ip + 24, 16);
        int icmp = ip + 40;
        b[icmp] = (byte) TYPE_NEIGHBOUR_ADVERT;
        b[icmp + 4] = (byte) FLAG_OVERRIDE;
        System.arraycopy(target.getAddress(), 0, b, icmp + 8, 16);
        b[icmp + 24] = 2; // Target Link-Layer Address
        b[icmp + 25] = 1; // length in units of 8 bytes
        mac.writeTo(b, icmp + 26);
        int sum = Checksums.ipv6(b, icmp, ICMP_LENGTH, target, ALL_NODES, IPPROTO_ICMPV6);
        b[icmp + 2] = (byte) (sum >>> 8);
        b[icmp + 3] = (byte) sum;
        return b;
    }

    /** A parsed unsolicited NA: who announces which address. */
    public record Advert(
            MacAddress ethSource,
            Inet6Address source,
            Inet6Address target,
            MacAddress targetMac,
            boolean override,
            int hopLimit) {}

    /** Parses a frame made by {@link #unsolicited} (or any NA with a target link-layer option); checks the sum. */
    public static Optional<Advert> parse(byte[] f) {
        if (f == null || f.length < FRAME_LENGTH || (((f[12] & 0xff) << 8) | (f[13] & 0xff)) != ETHERTYPE_IPV6) {
            return Optional.empty();
        }
        int ip = EthernetFrame.HEADER_LENGTH;
        int payload = ((f[ip + 4] & 0xff) << 8) | (f[ip + 5] & 0xff);
        int icmp = ip + 40;
        if ((f[ip] & 0xf0) != 0x60
                || f[ip + 6] != IPPROTO_ICMPV6
                || payload < ICMP_LENGTH
                || icmp + payload > f.length
                || (f[icmp] & 0xff) != TYPE_NEIGHBOUR_ADVERT
                || f[icmp + 24] != 2
                || f[icmp + 25] != 1) {
            return Optional.empty();
        }
        byte[] src = new byte[16];
        byte[] dst = new byte[16];
        byte[] target = new byte[16];
        System.arraycopy(f, ip + 8, src, 0, 16);
        System.arraycopy(f, ip + 24, dst, 0, 16);
        System.arraycopy(f, icmp + 8, target, 0, 16);
        if (Checksums.ipv6(f, icmp, payload, v6(src), v6(dst), IPPROTO_ICMPV6) != 0) {
            return Optional.empty();
        }
        return Optional.of(new Advert(
                MacAddress.fromBytes(f, 6),
                v6(src),
                v6(target),
                MacAddress.fromBytes(f, icmp + 26),
                (f[icmp + 4] & FLAG_OVERRIDE) != 0,
                f[ip + 7] & 0xff));
    }

    static Inet6Address v6(byte[] a) {
        try {
            return Inet6Address.getByAddress(null, a, null);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }
}

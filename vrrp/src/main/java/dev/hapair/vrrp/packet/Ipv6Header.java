package dev.hapair.vrrp.packet;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Objects;

/**
 * The fixed IPv6 header (RFC 8200 section 3) of a VRRPv3 advert: the receive checks need the hop limit and
 * the addresses. Extension headers are not kept: {@link Vrrp6Codec} accepts only packets whose next header is
 * VRRP itself, which is how keepalived and hapair send them.
 */
public record Ipv6Header(
        int trafficClass,
        int flowLabel,
        int payloadLength,
        int nextHeader,
        int hopLimit,
        Inet6Address source,
        Inet6Address destination) {
    public static final int LENGTH = 40;
    /** RFC 5798 section 5.1.2.3: VRRP over IPv6 is sent with hop limit 255 and received only with 255. */
    public static final int VRRP_HOP_LIMIT = 255;
    /** keepalived sends adverts with traffic class 0xc0 (DSCP CS6, internetwork control). */
    public static final int VRRP_TRAFFIC_CLASS = 0xc0;
    /** RFC 5798 section 5.1.2.2: the IPv6 VRRP group, ff02::12. */
    public static final Inet6Address VRRP_MULTICAST =
            fromBytes(new byte[] {(byte) 0xff, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x12});

    public Ipv6Header {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(destination, "destination");
    }

    /** The header of an advert: traffic class 0xc0, no flow label, hop limit 255, next header 112. */
    public static Ipv6Header forVrrp(Inet6Address source, Inet6Address destination, int vrrpLength) {
        return new Ipv6Header(
                VRRP_TRAFFIC_CLASS, 0, vrrpLength, Checksums.IPPROTO_VRRP, VRRP_HOP_LIMIT, source, destination);
    }

    public byte[] encode() {
        byte[] b = new byte[LENGTH];
        int word = (6 << 28) | ((trafficClass & 0xff) << 20) | (flowLabel & 0xfffff);
        b[0] = (byte) (word >>> 24);
        b[1] = (byte) (word >>> 16);
        b[2] = (byte) (word >>> 8);
        b[3] = (byte) word;
        b[4] = (byte) (payloadLength >>> 8);
        b[5] = (byte) payloadLength;
        b[6] = (byte) nextHeader;
        b[7] = (byte) hopLimit;
        System.arraycopy(source.getAddress(), 0, b, 8, 16);
        System.arraycopy(destination.getAddress(), 0, b, 24, 16);
        return b;
    }

    /**
     * The 16 bytes at {@code off} as an Inet6Address without a scope. Unlike {@code InetAddress.getByAddress},
     * an IPv4-mapped address stays an Inet6Address.
     */
    public static Inet6Address fromBytes(byte[] b, int off) {
        byte[] a = new byte[16];
        System.arraycopy(b, off, a, 0, 16);
        return fromBytes(a);
    }

    private static Inet6Address fromBytes(byte[] a) {
        try {
            return Inet6Address.getByAddress(null, a, -1);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not 16 bytes", e); // cannot happen: always 16 bytes
        }
    }

    /** Parses a literal IPv6 address (no name lookup). */
    public static Inet6Address parse(String literal) {
        InetAddress a;
        try {
            if (!literal.contains(":")) {
                throw new IllegalArgumentException("not an IPv6 literal: " + literal);
            }
            a = InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IPv6 literal: " + literal, e);
        }
        return fromBytes(a.getAddress().length == 16 ? a.getAddress() : mapped(a.getAddress()));
    }

    private static byte[] mapped(byte[] v4) {
        byte[] a = new byte[16];
        a[10] = (byte) 0xff;
        a[11] = (byte) 0xff;
        System.arraycopy(v4, 0, a, 12, 4);
        return a;
    }
}

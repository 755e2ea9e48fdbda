package dev.hapair.vrrp.packet;

import java.net.Inet4Address;
import java.util.Objects;

/**
 * The fields of an IPv4 header (RFC 791) that VRRP receive checks need (TTL, protocol, addresses), plus the
 * rest so that captured headers re-encode to identical bytes. Options are not kept: {@code ihl} says how many
 * 32-bit words the header had.
 */
public record Ipv4Header(
        int ihl,
        int tos,
        int totalLength,
        int identification,
        int flagsAndFragment,
        int ttl,
        int protocol,
        int headerChecksum,
        Inet4Address source,
        Inet4Address destination) {
    public static final int MIN_LENGTH = 20;
    /** RFC 5798 section 5.1.1.3: VRRP is sent with TTL 255 (and received only with TTL 255). */
    public static final int VRRP_TTL = 255;
    /** keepalived sends adverts with DSCP CS6 / TOS 0xc0 (internetwork control). */
    public static final int VRRP_TOS = 0xc0;
    /** RFC 5798 section 5.1.1.2: 224.0.0.18. */
    public static final Inet4Address VRRP_MULTICAST = Ipv4Addresses.parse("224.0.0.18");

    public Ipv4Header {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(destination, "destination");
    }

    /** The header keepalived puts on an advert: TOS 0xc0, TTL 255, protocol 112, no fragmentation flags. */
    public static Ipv4Header forVrrp(
            Inet4Address source, Inet4Address destination, int identification, int vrrpLength) {
        return new Ipv4Header(
                5,
                VRRP_TOS,
                MIN_LENGTH + vrrpLength,
                identification & 0xffff,
                0,
                VRRP_TTL,
                Checksums.IPPROTO_VRRP,
                0,
                source,
                destination);
    }

    public int headerLength() {
        return ihl * 4;
    }

    /**
     * Encodes a 20-byte header (no options) with its checksum computed; {@code headerChecksum} is ignored.
     */
    public byte[] encode() {
        byte[] b = new byte[MIN_LENGTH];
        b[0] = (byte) 0x45;
        b[1] = (byte) tos;
        b[2] = (byte) (totalLength >>> 8);
        b[3] = (byte) totalLength;
        b[4] = (byte) (identification >>> 8);
        b[5] = (byte) identification;
        b[6] = (byte) (flagsAndFragment >>> 8);
        b[7] = (byte) flagsAndFragment;
        b[8] = (byte) ttl;
        b[9] = (byte) protocol;
        System.arraycopy(source.getAddress(), 0, b, 12, 4);
        System.arraycopy(destination.getAddress(), 0, b, 16, 4);
        int sum = Checksums.internet(b, 0, MIN_LENGTH);
        b[10] = (byte) (sum >>> 8);
        b[11] = (byte) sum;
        return b;
    }
}

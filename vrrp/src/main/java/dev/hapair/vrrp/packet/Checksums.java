package dev.hapair.vrrp.packet;

import java.net.Inet4Address;

/**
 * The Internet checksum (RFC 1071) as VRRP uses it: RFC 3768 section 5.3.8 (v2, over the VRRP message)
 * and RFC 5798 section 5.2.8 (v3, over an IPv4 pseudo-header plus the VRRP message).
 */
public final class Checksums {
    /** IANA protocol number of VRRP (RFC 5798 section 5.1.1.4). */
    public static final int IPPROTO_VRRP = 112;

    private Checksums() {}

    /** One's-complement sum folded to 16 bits, not yet complemented. */
    static int sum(byte[] buf, int off, int len, int initial) {
        long acc = initial & 0xffffffffL;
        int i = 0;
        for (; i + 1 < len; i += 2) {
            acc += ((buf[off + i] & 0xff) << 8) | (buf[off + i + 1] & 0xff);
        }
        if (i < len) {
            acc += (buf[off + i] & 0xff) << 8;
        }
        while ((acc >>> 16) != 0) {
            acc = (acc & 0xffff) + (acc >>> 16);
        }
        return (int) acc;
    }

    /** The checksum over {@code len} bytes; a buffer containing a correct checksum yields 0. */
    public static int internet(byte[] buf, int off, int len) {
        return ~sum(buf, off, len, 0) & 0xffff;
    }

    /** Sum of the IPv4 pseudo-header (source, destination, zero, protocol 112, VRRP length). */
    static int pseudoHeaderSum(Inet4Address src, Inet4Address dst, int vrrpLength) {
        byte[] p = new byte[12];
        System.arraycopy(src.getAddress(), 0, p, 0, 4);
        System.arraycopy(dst.getAddress(), 0, p, 4, 4);
        p[9] = (byte) IPPROTO_VRRP;
        p[10] = (byte) (vrrpLength >>> 8);
        p[11] = (byte) vrrpLength;
        return sum(p, 0, 12, 0);
    }

    /**
     * Checksum of an upper-layer message over IPv6 (RFC 8200 section 8.1): pseudo-header of source,
     * destination, 32-bit upper-layer length and next header, then the message with its checksum field zero.
     */
    public static int ipv6(
            byte[] msg, int off, int len, java.net.Inet6Address src, java.net.Inet6Address dst, int nextHeader) {
        byte[] p = new byte[40];
        System.arraycopy(src.getAddress(), 0, p, 0, 16);
        System.arraycopy(dst.getAddress(), 0, p, 16, 16);
        p[34] = (byte) (len >>> 8);
        p[35] = (byte) len;
        p[39] = (byte) nextHeader;
        return ~sum(msg, off, len, sum(p, 0, 40, 0)) & 0xffff;
    }

    /** VRRPv3 checksum with the IPv4 pseudo-header (RFC 5798 section 5.2.8, keepalived's default). */
    public static int vrrpV3(byte[] msg, int off, int len, Inet4Address src, Inet4Address dst) {
        return ~sum(msg, off, len, pseudoHeaderSum(src, dst, len)) & 0xffff;
    }
}

package dev.hapair.vrrp.packet;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/** IPv4 address helpers that never touch DNS (InetAddress.getByName may resolve names). */
public final class Ipv4Addresses {
    private Ipv4Addresses() {}

    /** Parses a dotted-quad literal; throws IllegalArgumentException for anything else. */
    public static Inet4Address parse(String dotted) {
        String[] parts = dotted.trim().split("\\.", -1);
        if (parts.length != 4) {
            throw new IllegalArgumentException("not an IPv4 address: '" + dotted + "'");
        }
        byte[] b = new byte[4];
        for (int i = 0; i < 4; i++) {
            String p = parts[i];
            if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(Character::isDigit)) {
                throw new IllegalArgumentException("not an IPv4 address: '" + dotted + "'");
            }
            int v = Integer.parseInt(p);
            if (v > 255) {
                throw new IllegalArgumentException("not an IPv4 address: '" + dotted + "'");
            }
            b[i] = (byte) v;
        }
        return fromBytes(b, 0);
    }

    public static Inet4Address fromBytes(byte[] buf, int off) {
        byte[] b = new byte[] {buf[off], buf[off + 1], buf[off + 2], buf[off + 3]};
        try {
            return (Inet4Address) InetAddress.getByAddress(b);
        } catch (UnknownHostException e) {
            throw new AssertionError("4-byte address rejected", e); // cannot happen: length is 4
        }
    }

    public static Inet4Address fromInt(int value) {
        byte[] b = {(byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8), (byte) value};
        return fromBytes(b, 0);
    }

    public static int toInt(Inet4Address address) {
        byte[] b = address.getAddress();
        return ((b[0] & 0xff) << 24) | ((b[1] & 0xff) << 16) | ((b[2] & 0xff) << 8) | (b[3] & 0xff);
    }

    /** Numeric (unsigned) order, as RFC 5798 section 6.4.3 uses to break priority ties. */
    public static int compare(Inet4Address a, Inet4Address b) {
        return Integer.compareUnsigned(toInt(a), toInt(b));
    }
}

package dev.hapair.vrrp.packet;

import java.util.Locale;

/** A 48-bit Ethernet address held in a long so that equality and hashing are by value. */
public record MacAddress(long value) {
    public static final MacAddress BROADCAST = new MacAddress(0xffff_ffff_ffffL);
    public static final MacAddress ZERO = new MacAddress(0L);

    public MacAddress {
        if ((value & ~0xffff_ffff_ffffL) != 0) {
            throw new IllegalArgumentException("MAC address wider than 48 bits: " + Long.toHexString(value));
        }
    }

    /** Parses {@code aa:bb:cc:dd:ee:ff} (also with '-' separators). */
    public static MacAddress parse(String text) {
        String[] parts = text.trim().split("[:-]", -1);
        if (parts.length != 6) {
            throw new IllegalArgumentException("not a MAC address: '" + text + "'");
        }
        long v = 0;
        for (String p : parts) {
            if (p.isEmpty() || p.length() > 2) {
                throw new IllegalArgumentException("not a MAC address: '" + text + "'");
            }
            try {
                v = (v << 8) | Integer.parseInt(p, 16);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not a MAC address: '" + text + "'", e);
            }
        }
        return new MacAddress(v);
    }

    public static MacAddress fromBytes(byte[] buf, int off) {
        long v = 0;
        for (int i = 0; i < 6; i++) {
            v = (v << 8) | (buf[off + i] & 0xff);
        }
        return new MacAddress(v);
    }

    public byte[] bytes() {
        byte[] b = new byte[6];
        writeTo(b, 0);
        return b;
    }

    public void writeTo(byte[] buf, int off) {
        for (int i = 0; i < 6; i++) {
            buf[off + i] = (byte) (value >>> (8 * (5 - i)));
        }
    }

    /** RFC 5798 section 7.3: the virtual router MAC 00-00-5E-00-01-{VRID} (IPv4). */
    public static MacAddress virtualRouter(int vrid) {
        return new MacAddress(0x0000_5e00_0100L | (vrid & 0xff));
    }

    @Override
    public String toString() {
        byte[] b = bytes();
        StringBuilder sb = new StringBuilder(17);
        for (int i = 0; i < 6; i++) {
            if (i > 0) {
                sb.append(':');
            }
            sb.append(String.format(Locale.ROOT, "%02x", b[i] & 0xff));
        }
        return sb.toString();
    }
}

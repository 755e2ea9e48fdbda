package dev.hapair.proxy.proxyprotocol;

import dev.hapair.proxy.sample.IpPatterns;
import io.netty.buffer.ByteBuf;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;

/**
 * Recognises and parses a PROXY protocol header (v1 text or v2 binary, detected from the first bytes) at
 * the start of a buffer, without consuming it. Pure: the caller keeps the bytes until a header is
 * {@link Complete}, then skips {@link ProxyHeader#length()} bytes. Inputs are bounded: a v1 line is at most
 * 107 bytes (the specification's limit), a v2 header at most {@code maxLength} bytes. v2 TLVs are checked
 * for framing and skipped, except that a CRC32C TLV must match the header as HAProxy requires.
 */
public final class ProxyHeaderDecoder {

    /** The longest v1 line, CRLF included. */
    public static final int V1_MAX = 107;

    /** The 12-byte v2 signature. */
    static final byte[] V2_SIGNATURE = {0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A};

    static final int V2_FIXED = 16;
    private static final byte[] V1_PREFIX = "PROXY ".getBytes(StandardCharsets.US_ASCII);
    private static final int TLV_AUTHORITY = 0x02;
    private static final int TLV_CRC32C = 0x03;
    private static final int TLV_UNIQUE_ID = 0x05;
    /** HAProxy's bounds: a host name, and its unique-id length. */
    private static final int AUTHORITY_MAX = 255;

    private static final int UNIQUE_ID_MAX = 128;

    /** What the bytes so far amount to. */
    public sealed interface Result permits Incomplete, Invalid, Complete {}

    /** More bytes are needed (everything so far is a valid beginning). */
    public record Incomplete() implements Result {}

    /** Not a valid header: the connection must be closed. */
    public record Invalid(ProxyHeaderError error) implements Result {}

    /** A whole header. */
    public record Complete(ProxyHeader header) implements Result {}

    private static final Incomplete INCOMPLETE = new Incomplete();

    private ProxyHeaderDecoder() {}

    /**
     * Decodes the header at {@code in}'s reader index (the buffer is not modified).
     *
     * @param maxLength the largest v2 header accepted ({@code tune.bufsize})
     */
    public static Result decode(ByteBuf in, int maxLength) {
        int start = in.readerIndex();
        int n = in.readableBytes();
        if (n == 0) {
            return INCOMPLETE;
        }
        if (prefixMatches(in, start, n, V1_PREFIX)) {
            return n < V1_PREFIX.length ? INCOMPLETE : v1(in, start, n);
        }
        if (prefixMatches(in, start, n, V2_SIGNATURE)) {
            return n < V2_FIXED ? INCOMPLETE : v2(in, start, n, maxLength);
        }
        return new Invalid(ProxyHeaderError.NOT_HDR);
    }

    /** Whether the first {@code min(n, prefix.length)} bytes equal the prefix's. */
    private static boolean prefixMatches(ByteBuf in, int start, int n, byte[] prefix) {
        for (int i = 0; i < Math.min(n, prefix.length); i++) {
            if (in.getByte(start + i) != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private static Result v1(ByteBuf in, int start, int n) {
        int limit = Math.min(n, V1_MAX);
        int cr = -1;
        for (int i = V1_PREFIX.length; i < limit; i++) {
            byte b = in.getByte(start + i);
            if (b == '\r') {
                cr = i;
                break;
            }
            if (b == '\n' || b < 0x20 || b > 0x7E) {
                return new Invalid(ProxyHeaderError.BAD_HDR);
            }
        }
        if (cr < 0) {
            return n >= V1_MAX ? new Invalid(ProxyHeaderError.BAD_HDR) : INCOMPLETE;
        }
        if (cr + 1 >= n) {
            return cr + 1 >= V1_MAX ? new Invalid(ProxyHeaderError.BAD_HDR) : INCOMPLETE;
        }
        if (in.getByte(start + cr + 1) != '\n') {
            return new Invalid(ProxyHeaderError.BAD_HDR);
        }
        int length = cr + 2;
        String line = in.toString(start + V1_PREFIX.length, cr - V1_PREFIX.length, StandardCharsets.US_ASCII);
        // the specification: whatever follows UNKNOWN up to the CRLF is ignored
        if (line.equals("UNKNOWN") || line.startsWith("UNKNOWN ")) {
            return new Complete(new ProxyHeader(1, null, null, length));
        }
        String[] f = line.split(" ", -1);
        boolean tcp4 = f[0].equals("TCP4");
        if (!tcp4 && !f[0].equals("TCP6")) {
            return new Invalid(ProxyHeaderError.BAD_PROTO);
        }
        if (f.length != 5) {
            return new Invalid(ProxyHeaderError.BAD_HDR);
        }
        InetAddress src = v1Address(f[1], tcp4);
        InetAddress dst = v1Address(f[2], tcp4);
        int sport = port(f[3]);
        int dport = port(f[4]);
        if (src == null || dst == null || sport < 0 || dport < 0) {
            return new Invalid(ProxyHeaderError.BAD_HDR);
        }
        return new Complete(
                new ProxyHeader(1, new InetSocketAddress(src, sport), new InetSocketAddress(dst, dport), length));
    }

    /** A TCP4 field must be a dotted quad, a TCP6 field an IPv6 literal (never resolved: no DNS here). */
    private static InetAddress v1Address(String s, boolean v4) {
        if (v4 == (s.indexOf(':') >= 0)) {
            return null;
        }
        byte[] b = IpPatterns.literal(s);
        if (b == null || s.startsWith("[")) {
            return null;
        }
        return v4 ? v4(b) : v6(b.length == 16 ? b : mapped(b));
    }

    /** A decimal port 0-65535 without sign or leading zeros, or -1. */
    private static int port(String s) {
        if (s.isEmpty() || s.length() > 5 || (s.length() > 1 && s.charAt(0) == '0')) {
            return -1;
        }
        int v = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v <= 65535 ? v : -1;
    }

    private static Result v2(ByteBuf in, int start, int n, int maxLength) {
        int verCmd = in.getUnsignedByte(start + 12);
        if ((verCmd & 0xF0) != 0x20) {
            return new Invalid(ProxyHeaderError.NOT_HDR);
        }
        int total = V2_FIXED + in.getUnsignedShort(start + 14);
        if (total > maxLength) {
            return new Invalid(ProxyHeaderError.TRUNCATED);
        }
        if (n < total) {
            return INCOMPLETE;
        }
        int cmd = verCmd & 0x0F;
        if (cmd != 0 && cmd != 1) {
            return new Invalid(ProxyHeaderError.BAD_PROTO);
        }
        int fam = in.getUnsignedByte(start + 13);
        int addrLen =
                switch (fam) {
                    case 0x11, 0x12 -> 12; // TCP/UDP over IPv4
                    case 0x21, 0x22 -> 36; // over IPv6
                    case 0x31, 0x32 -> 216; // UNIX stream/datagram
                    default -> 0;
                };
        int body = total - V2_FIXED;
        if (cmd == 1 && body < addrLen) {
            return new Invalid(ProxyHeaderError.BAD_HDR);
        }
        // LOCAL may carry no address block at all; a PROXY one has the block of its family
        int tlvs = V2_FIXED + (body >= addrLen ? addrLen : body);
        String[] known = new String[2];
        if (!tlvsValid(in, start, tlvs, total, known)) {
            return new Invalid(ProxyHeaderError.BAD_HDR);
        }
        if (cmd == 0 || (fam != 0x11 && fam != 0x21)) {
            // LOCAL (a health check of the sender), or a family other than TCP over IP: HAProxy keeps the
            // connection's own addresses
            return new Complete(new ProxyHeader(2, null, null, total, known[0], known[1]));
        }
        int a = start + V2_FIXED;
        InetSocketAddress src;
        InetSocketAddress dst;
        if (fam == 0x11) {
            src = new InetSocketAddress(v4(bytes(in, a, 4)), in.getUnsignedShort(a + 8));
            dst = new InetSocketAddress(v4(bytes(in, a + 4, 4)), in.getUnsignedShort(a + 10));
        } else {
            src = new InetSocketAddress(v6(bytes(in, a, 16)), in.getUnsignedShort(a + 32));
            dst = new InetSocketAddress(v6(bytes(in, a + 16, 16)), in.getUnsignedShort(a + 34));
        }
        return new Complete(new ProxyHeader(2, src, dst, total, known[0], known[1]));
    }

    /**
     * Each TLV (type, 16-bit length, value) lies within the header; a CRC32C TLV matches; the authority and
     * unique id (kept in {@code known}) respect HAProxy's bounds.
     */
    private static boolean tlvsValid(ByteBuf in, int start, int from, int total, String[] known) {
        int p = from;
        while (p < total) {
            if (p + 3 > total) {
                return false;
            }
            int type = in.getUnsignedByte(start + p);
            int len = in.getUnsignedShort(start + p + 1);
            if (p + 3 + len > total) {
                return false;
            }
            if (type == TLV_CRC32C && (len != 4 || !crcMatches(in, start, total, p + 3))) {
                return false;
            }
            if (type == TLV_AUTHORITY || type == TLV_UNIQUE_ID) {
                if (len > (type == TLV_AUTHORITY ? AUTHORITY_MAX : UNIQUE_ID_MAX)) {
                    return false;
                }
                known[type == TLV_AUTHORITY ? 0 : 1] =
                        in.toString(start + p + 3, len, java.nio.charset.StandardCharsets.ISO_8859_1);
            }
            p += 3 + len;
        }
        return true;
    }

    /** The CRC32C of the whole header with the checksum field taken as zero (proxy-protocol.txt 2.2.5). */
    private static boolean crcMatches(ByteBuf in, int start, int total, int crcAt) {
        CRC32C crc = new CRC32C();
        byte[] h = bytes(in, start, total);
        long expected = in.getUnsignedInt(start + crcAt);
        for (int i = 0; i < 4; i++) {
            h[crcAt + i] = 0;
        }
        crc.update(h);
        return crc.getValue() == expected;
    }

    private static byte[] bytes(ByteBuf in, int at, int len) {
        byte[] b = new byte[len];
        in.getBytes(at, b);
        return b;
    }

    private static byte[] mapped(byte[] v4) {
        byte[] b = new byte[16];
        b[10] = (byte) 0xFF;
        b[11] = (byte) 0xFF;
        System.arraycopy(v4, 0, b, 12, 4);
        return b;
    }

    private static InetAddress v4(byte[] b) {
        try {
            return (Inet4Address) InetAddress.getByAddress(b);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e); // 4 bytes are always an address
        }
    }

    /** Kept as IPv6 even when v4-mapped, as HAProxy keeps an AF_INET6 address. */
    private static InetAddress v6(byte[] b) {
        try {
            return Inet6Address.getByAddress(null, b, -1);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}

package dev.hapair.proxy.proxyprotocol;

import dev.hapair.proxy.sample.Addresses;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Builds the PROXY protocol header a {@code send-proxy} / {@code send-proxy-v2} server receives first. As
 * HAProxy: IPv4 on both sides gives TCP4 (v2 family 0x11); otherwise both addresses go as IPv6, an IPv4 one
 * v4-mapped (TCP6, family 0x21); without addresses (a health check) v1 says {@code UNKNOWN} and v2 sends the
 * {@code LOCAL} command. v2 carries the client's negotiated ALPN as a TLV, as HAProxy does.
 */
public final class ProxyHeaderEncoder {

    private static final int PP2_TYPE_ALPN = 0x01;

    private ProxyHeaderEncoder() {}

    /** Which header a server gets. */
    public enum Version {
        NONE,
        V1,
        V2
    }

    /** The header of {@code version} ({@code NONE} gives an empty array). */
    public static byte[] encode(Version version, InetSocketAddress source, InetSocketAddress destination, String alpn) {
        return switch (version) {
            case NONE -> new byte[0];
            case V1 -> v1(source, destination);
            case V2 -> v2(source, destination, alpn);
        };
    }

    /** {@code PROXY TCP4|TCP6 src dst sport dport\r\n}, or {@code PROXY UNKNOWN\r\n} without addresses. */
    public static byte[] v1(InetSocketAddress source, InetSocketAddress destination) {
        String line;
        if (!usable(source) || !usable(destination)) {
            line = "PROXY UNKNOWN\r\n";
        } else {
            InetAddress s = source.getAddress();
            InetAddress d = destination.getAddress();
            boolean four = s instanceof Inet4Address && d instanceof Inet4Address;
            line = "PROXY " + (four ? "TCP4 " : "TCP6 ") + text(s, four) + " " + text(d, four) + " " + source.getPort()
                    + " " + destination.getPort() + "\r\n";
        }
        return line.getBytes(StandardCharsets.US_ASCII);
    }

    /** The binary header: PROXY command with TCP over IPv4/IPv6, or LOCAL without addresses. */
    public static byte[] v2(InetSocketAddress source, InetSocketAddress destination, String alpn) {
        boolean local = !usable(source) || !usable(destination);
        boolean four = !local
                && source.getAddress() instanceof Inet4Address
                && destination.getAddress() instanceof Inet4Address;
        int addrLen = local ? 0 : four ? 12 : 36;
        byte[] alpnBytes = alpn == null || alpn.isEmpty() || local ? null : alpn.getBytes(StandardCharsets.US_ASCII);
        int tlvLen = alpnBytes == null ? 0 : 3 + alpnBytes.length;
        ByteBuffer b = ByteBuffer.allocate(ProxyHeaderDecoder.V2_FIXED + addrLen + tlvLen);
        b.put(ProxyHeaderDecoder.V2_SIGNATURE);
        b.put((byte) (local ? 0x20 : 0x21));
        b.put((byte) (local ? 0x00 : four ? 0x11 : 0x21));
        b.putShort((short) (addrLen + tlvLen));
        if (!local) {
            b.put(bytes(source.getAddress(), four));
            b.put(bytes(destination.getAddress(), four));
            b.putShort((short) source.getPort());
            b.putShort((short) destination.getPort());
        }
        if (alpnBytes != null) {
            b.put((byte) PP2_TYPE_ALPN);
            b.putShort((short) alpnBytes.length);
            b.put(alpnBytes);
        }
        return b.array();
    }

    private static boolean usable(InetSocketAddress a) {
        return a != null && a.getAddress() != null;
    }

    /** Dotted quad, or IPv6 as inet_ntop prints it (a v4-mapped address as {@code ::ffff:a.b.c.d}). */
    private static String text(InetAddress a, boolean four) {
        if (four) {
            return a.getHostAddress();
        }
        if (a instanceof Inet4Address) {
            return "::ffff:" + a.getHostAddress();
        }
        byte[] b = a.getAddress();
        boolean mapped = b[10] == (byte) 0xFF && b[11] == (byte) 0xFF;
        for (int i = 0; i < 10 && mapped; i++) {
            mapped = b[i] == 0;
        }
        if (mapped) {
            return "::ffff:" + (b[12] & 0xFF) + "." + (b[13] & 0xFF) + "." + (b[14] & 0xFF) + "." + (b[15] & 0xFF);
        }
        return Addresses.format(a);
    }

    /** 4 bytes when {@code four}, else 16 (an IPv4 address v4-mapped). */
    private static byte[] bytes(InetAddress a, boolean four) {
        byte[] b = a.getAddress();
        if (four || b.length == 16) {
            return b;
        }
        byte[] m = new byte[16];
        m[10] = (byte) 0xFF;
        m[11] = (byte) 0xFF;
        System.arraycopy(b, 0, m, 12, 4);
        return m;
    }
}

package dev.hapair.proxy.proxyprotocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;

class ProxyHeaderCodecTest {

    private static final String SIG = "0d0a0d0a000d0a515549540a";
    private static final int MAX = 16384;

    private static ByteBuf hex(String h) {
        return Unpooled.wrappedBuffer(HexFormat.of().parseHex(h.replace(" ", "")));
    }

    private static ByteBuf text(String s) {
        return Unpooled.wrappedBuffer(s.getBytes(StandardCharsets.ISO_8859_1));
    }

    private static ProxyHeader complete(ByteBuf in) {
        ProxyHeaderDecoder.Result r = ProxyHeaderDecoder.decode(in, MAX);
        return assertInstanceOf(ProxyHeaderDecoder.Complete.class, r, String.valueOf(r))
                .header();
    }

    private static ProxyHeaderError invalid(ByteBuf in) {
        ProxyHeaderDecoder.Result r = ProxyHeaderDecoder.decode(in, MAX);
        return assertInstanceOf(ProxyHeaderDecoder.Invalid.class, r, String.valueOf(r))
                .error();
    }

    private static void incomplete(ByteBuf in) {
        assertInstanceOf(ProxyHeaderDecoder.Incomplete.class, ProxyHeaderDecoder.decode(in, MAX));
    }

    private static InetSocketAddress a(String ip, int port) {
        return new InetSocketAddress(dev.hapair.proxy.sample.Addresses.parse(ip), port);
    }

    @Test
    void v1Tcp4WithPayloadAfterIt() {
        ByteBuf in = text("PROXY TCP4 192.0.2.1 198.51.100.2 56324 443\r\nGET / HTTP/1.1\r\n");
        ProxyHeader h = complete(in);
        assertEquals(1, h.version());
        assertEquals(a("192.0.2.1", 56324), h.source());
        assertEquals(a("198.51.100.2", 443), h.destination());
        assertEquals(45, h.length());
        assertEquals(0, in.readerIndex(), "decoding does not consume");
    }

    @Test
    void v1Tcp6AndUnknown() {
        ProxyHeader h = complete(text("PROXY TCP6 2001:db8::1 2001:db8::2 1 65535\r\n"));
        assertEquals(a("2001:db8::1", 1), h.source());
        assertEquals(a("2001:db8::2", 65535), h.destination());
        ProxyHeader u = complete(text("PROXY UNKNOWN\r\nxyz"));
        assertFalse(u.carriesAddresses());
        assertEquals(15, u.length());
        // the specification: the receiver ignores whatever follows UNKNOWN
        assertEquals(
                48,
                complete(text("PROXY UNKNOWN ffff::1 ffff::2 1234 80 whatever\r\n"))
                        .length());
    }

    @Test
    void v1IncompleteUntilCrlfThenBounded() {
        String line = "PROXY TCP4 192.0.2.1 198.51.100.2 56324 443\r\n";
        for (int i = 1; i < line.length(); i++) incomplete(text(line.substring(0, i)));
        // 107 bytes without CRLF: never a header
        assertEquals(ProxyHeaderError.BAD_HDR, invalid(text("PROXY UNKNOWN " + "x".repeat(93))));
        incomplete(text("PROXY UNKNOWN " + "x".repeat(92)));
    }

    @Test
    void v1Malformed() {
        assertEquals(ProxyHeaderError.NOT_HDR, invalid(text("GET / HTTP/1.1\r\n")));
        assertEquals(ProxyHeaderError.NOT_HDR, invalid(text("PROXX")));
        assertEquals(ProxyHeaderError.BAD_PROTO, invalid(text("PROXY UDP4 1.1.1.1 2.2.2.2 1 2\r\n")));
        assertEquals(ProxyHeaderError.BAD_HDR, invalid(text("PROXY TCP4 1.1.1.1 2.2.2.2 1\r\n")));
        assertEquals(ProxyHeaderError.BAD_HDR, invalid(text("PROXY TCP4 1.1.1.256 2.2.2.2 1 2\r\n")));
        assertEquals(ProxyHeaderError.BAD_HDR, invalid(text("PROXY TCP4 1.1.1.1 2.2.2.2 65536 2\r\n")));
        assertEquals(ProxyHeaderError.BAD_HDR, invalid(text("PROXY TCP4 1.1.1.1 2.2.2.2 01 2\r\n")));
        assertEquals(ProxyHeaderError.BAD_HDR, invalid(text("PROXY TCP4 1.1.1.1  2.2.2.2 1 2\r\n")));
        assertEquals(ProxyHeaderError.BAD_HDR, invalid(text("PROXY TCP4 ::1 2.2.2.2 1 2\r\n")));
        assertEquals(ProxyHeaderError.BAD_HDR, invalid(text("PROXY TCP6 1.1.1.1 ::2 1 2\r\n")));
        assertEquals(ProxyHeaderError.BAD_HDR, invalid(text("PROXY TCP4 example.com 2.2.2.2 1 2\r\n")));
        assertEquals(ProxyHeaderError.BAD_HDR, invalid(text("PROXY TCP4 1.1.1.1 2.2.2.2 1 2\rX")));
        assertEquals(ProxyHeaderError.BAD_HDR, invalid(text("PROXY TCP4 1.1.1.1\n2.2.2.2 1 2\r\n")));
        assertEquals(ProxyHeaderError.BAD_HDR, invalid(text("PROXY TCP4 1.1.1.1 2.2.2.2 1 2\u0000\r\n")));
    }

    @Test
    void v2Tcp4Golden() {
        ProxyHeader h = complete(hex(SIG + "21 11 000c c0000201 c6336402 dc04 01bb" + "16030100"));
        assertEquals(2, h.version());
        assertEquals(a("192.0.2.1", 56324), h.source());
        assertEquals(a("198.51.100.2", 443), h.destination());
        assertEquals(28, h.length());
    }

    @Test
    void v2Tcp6WithTlvsSkipped() {
        String addrs = "20010db8000000000000000000000001" + "20010db8000000000000000000000002" + "0050" + "1f90";
        String tlvs = "01 0002 6832" + "04 0003 000000"; // ALPN "h2", NOOP
        int len = 36 + 5 + 6;
        ProxyHeader h = complete(hex(SIG + "21 21 " + String.format("%04x", len) + addrs + tlvs));
        assertEquals(a("2001:db8::1", 80), h.source());
        assertEquals(a("2001:db8::2", 8080), h.destination());
        assertEquals(16 + len, h.length());
    }

    @Test
    void v2LocalAndOtherFamiliesKeepRealAddresses() {
        ProxyHeader local = complete(hex(SIG + "20 00 0000"));
        assertFalse(local.carriesAddresses());
        assertEquals(16, local.length());
        // LOCAL with an address block: the block is ignored
        assertFalse(
                complete(hex(SIG + "20 11 000c c0000201 c6336402 dc04 01bb")).carriesAddresses());
        // UDP over IPv4 and AF_UNSPEC: no usable address
        assertFalse(
                complete(hex(SIG + "21 12 000c c0000201 c6336402 dc04 01bb")).carriesAddresses());
        assertFalse(complete(hex(SIG + "21 00 0000")).carriesAddresses());
        // UNIX stream: 216 bytes of paths
        assertFalse(complete(hex(SIG + "21 31 00d8" + "00".repeat(216))).carriesAddresses());
    }

    @Test
    void v2Crc32cChecked() {
        byte[] h = HexFormat.of().parseHex(SIG + "2111" + "0013" + "c0000201c6336402dc0401bb" + "030004" + "00000000");
        CRC32C c = new CRC32C();
        c.update(h);
        long v = c.getValue();
        h[h.length - 4] = (byte) (v >>> 24);
        h[h.length - 3] = (byte) (v >>> 16);
        h[h.length - 2] = (byte) (v >>> 8);
        h[h.length - 1] = (byte) v;
        assertTrue(complete(Unpooled.wrappedBuffer(h)).carriesAddresses());
        h[h.length - 1] ^= 1;
        assertEquals(ProxyHeaderError.BAD_HDR, invalid(Unpooled.wrappedBuffer(h.clone())));
    }

    @Test
    void v2TruncatedAndHostile() {
        String full = SIG + "21 11 000c c0000201 c6336402 dc04 01bb";
        byte[] all = HexFormat.of().parseHex(full.replace(" ", ""));
        for (int i = 1; i < all.length; i++) incomplete(Unpooled.wrappedBuffer(all, 0, i));
        // version 1 in the binary form, bad command
        assertEquals(ProxyHeaderError.NOT_HDR, invalid(hex(SIG + "11 11 000c c0000201 c6336402 dc04 01bb")));
        assertEquals(ProxyHeaderError.BAD_PROTO, invalid(hex(SIG + "22 11 000c c0000201 c6336402 dc04 01bb")));
        // address block shorter than the family needs
        assertEquals(ProxyHeaderError.BAD_HDR, invalid(hex(SIG + "21 11 0008 c0000201 c6336402")));
        assertEquals(ProxyHeaderError.BAD_HDR, invalid(hex(SIG + "21 21 000c c0000201 c6336402 dc04 01bb")));
        // a TLV running past the header
        assertEquals(
                ProxyHeaderError.BAD_HDR, invalid(hex(SIG + "21 11 0010 c0000201 c6336402 dc04 01bb 01 0005 6832")));
        assertEquals(ProxyHeaderError.BAD_HDR, invalid(hex(SIG + "21 11 000e c0000201 c6336402 dc04 01bb 0100")));
        // declared length beyond the bound: refused before waiting for it
        assertEquals(ProxyHeaderError.TRUNCATED, invalid(hex(SIG + "21 11 ffff c0000201")));
        assertEquals(
                ProxyHeaderError.TRUNCATED,
                assertInstanceOf(
                                ProxyHeaderDecoder.Invalid.class,
                                ProxyHeaderDecoder.decode(hex(SIG + "21 11 0040"), 32))
                        .error());
        assertEquals(ProxyHeaderError.NOT_HDR, invalid(hex("0d0a0d0a00 0d0a5155 49 55")));
    }

    @Test
    void encodeV1() {
        assertEquals(
                "PROXY TCP4 192.0.2.1 198.51.100.2 56324 443\r\n",
                new String(
                        ProxyHeaderEncoder.v1(a("192.0.2.1", 56324), a("198.51.100.2", 443)),
                        StandardCharsets.US_ASCII));
        assertEquals(
                "PROXY TCP6 2001:db8::1 ::ffff:198.51.100.2 1 2\r\n",
                new String(
                        ProxyHeaderEncoder.v1(a("2001:db8::1", 1), a("198.51.100.2", 2)), StandardCharsets.US_ASCII));
        assertEquals("PROXY UNKNOWN\r\n", new String(ProxyHeaderEncoder.v1(null, null), StandardCharsets.US_ASCII));
    }

    @Test
    void encodeV2Golden() {
        assertArrayEquals(
                HexFormat.of().parseHex(SIG + "2111000cc0000201c6336402dc0401bb"),
                ProxyHeaderEncoder.v2(a("192.0.2.1", 56324), a("198.51.100.2", 443), null));
        assertArrayEquals(HexFormat.of().parseHex(SIG + "20000000"), ProxyHeaderEncoder.v2(null, null, "h2"));
        byte[] mixed = ProxyHeaderEncoder.v2(a("192.0.2.1", 1), a("2001:db8::2", 2), "http/1.1");
        assertArrayEquals(
                HexFormat.of()
                        .parseHex(SIG + "2121" + "002f" + "00000000000000000000ffffc0000201"
                                + "20010db8000000000000000000000002" + "00010002" + "010008"
                                + HexFormat.of().formatHex("http/1.1".getBytes(StandardCharsets.US_ASCII))),
                mixed);
    }

    @Test
    void roundTrips() {
        InetSocketAddress s = a("10.1.2.3", 40000);
        InetSocketAddress d = a("10.9.8.7", 80);
        for (ProxyHeaderEncoder.Version v :
                new ProxyHeaderEncoder.Version[] {ProxyHeaderEncoder.Version.V1, ProxyHeaderEncoder.Version.V2}) {
            ProxyHeader h = complete(Unpooled.wrappedBuffer(ProxyHeaderEncoder.encode(v, s, d, "h2")));
            assertEquals(s, h.source());
            assertEquals(d, h.destination());
        }
        assertNull(complete(Unpooled.wrappedBuffer(
                        ProxyHeaderEncoder.encode(ProxyHeaderEncoder.Version.V2, null, null, null)))
                .source());
    }

    @Test
    void v2AuthorityAndUniqueIdTlvsAreKeptWithinHaproxysBounds() {
        ProxyHeader h = complete(hex(SIG + "21 11 0014 7f000001 7f000001 002a 0539" + "05 0005 3132333435"));
        assertEquals("12345", h.uniqueId());
        assertNull(h.authority());
        ProxyHeader a = complete(hex(SIG + "21 11 0014 7f000001 7f000001 002a 0539" + "02 0005 3132333435"));
        assertEquals("12345", a.authority());
        // a TLV cut by the declared length (the reg-test's case: the next byte is the request's 'G')
        assertEquals(
                ProxyHeaderError.BAD_HDR,
                invalid(hex(SIG + "21 11 0014 7f000001 7f000001 002a 0539" + "02 0004 31323334" + "47")));
        String id129 = "31".repeat(129);
        assertEquals(
                ProxyHeaderError.BAD_HDR,
                invalid(hex(SIG + "21 11 " + String.format("%04x", 12 + 3 + 129) + " 7f000001 7f000001 002a 0539"
                        + "05 0081 " + id129)));
    }
}

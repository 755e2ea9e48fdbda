package dev.hapair.proxy.h2;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersDecoder;
import io.netty.handler.codec.http2.Http2Exception;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.util.AsciiString;
import org.junit.jupiter.api.Test;

/**
 * The static-table-only HPACK encoder with golden bytes (RFC 7541's integer examples, a response's block),
 * decoded back by Netty's decoder, and what a client's SETTINGS change: a lowered table size owes exactly one
 * size update, an unchanged or raised one none, a header list over its limit fails the stream and sends nothing.
 */
class StaticHpackEncoderTest {
    private static byte[] bytes(ByteBuf b) {
        byte[] a = ByteBufUtil.getBytes(b);
        b.release();
        return a;
    }

    private static byte[] encode(StaticHpackEncoder enc, Http2Headers h) throws Http2Exception {
        ByteBuf out = Unpooled.buffer();
        enc.encodeHeaders(1, h, out);
        return bytes(out);
    }

    private static byte[] hex(String s) {
        return ByteBufUtil.decodeHexDump(s.replace(" ", ""));
    }

    private static Http2Headers response() {
        return new DefaultHttp2Headers(false)
                .status("200")
                .add("content-length", "13")
                .add("content-type", "text/plain")
                .add("x-a", "b");
    }

    @Test
    void integersWithPrefixesAsRfc7541AppendixC1() {
        ByteBuf b = Unpooled.buffer();
        StaticHpackEncoder.writeInteger(b, 0, 5, 10);
        StaticHpackEncoder.writeInteger(b, 0, 5, 1337);
        StaticHpackEncoder.writeInteger(b, 0, 8, 42);
        StaticHpackEncoder.writeInteger(b, 0x20, 5, 31); // exactly the prefix's maximum: one byte of 0 follows
        assertArrayEquals(hex("0a 1f9a0a 2a 3f00"), bytes(b));
    }

    @Test
    void aResponseIsStaticIndexesAndLiteralsWithoutIndexing() throws Exception {
        byte[] block = encode(new StaticHpackEncoder(), response());
        assertArrayEquals(
                hex(
                        "88" // :status 200, indexed
                                + "0f0d 02 3133" // content-length (28) literal without indexing, "13"
                                + "0f10 0a 746578742f706c61696e" // content-type (31), "text/plain"
                                + "00 03 782d61 01 62"), // x-a: b, literal name
                block);
        // a status without a static entry: its name indexed (8), its value a literal
        assertArrayEquals(
                hex("08 03 333032"), encode(new StaticHpackEncoder(), new DefaultHttp2Headers(false).status("302")));
    }

    @Test
    void nothingIsIndexedTheSameResponseTwiceIsTheSameBlock() throws Exception {
        StaticHpackEncoder enc = new StaticHpackEncoder();
        DefaultHttp2HeadersDecoder dec = new DefaultHttp2HeadersDecoder(false);
        byte[] first = encode(enc, response());
        byte[] second = encode(enc, response());
        assertArrayEquals(first, second); // an encoder with a dynamic table sends the second as indexes
        for (byte[] b : new byte[][] {first, second}) {
            Http2Headers h = dec.decodeHeaders(1, Unpooled.wrappedBuffer(b));
            assertEquals(response(), h);
        }
    }

    @Test
    void longNamesAndValuesAndLatin1BytesDecodeBack() throws Exception {
        String longValue = "v".repeat(300); // a length past the 7-bit prefix
        Http2Headers h = new DefaultHttp2Headers(false)
                .status("404")
                .add("set-cookie", "a=1")
                .add("set-cookie", "b=2")
                .add("x-" + "n".repeat(200), longValue)
                .add(new AsciiString("x-latin"), "caf\u00e9");
        byte[] block = encode(new StaticHpackEncoder(), h);
        assertEquals((byte) 0x8d, block[0]); // :status 404 is static index 13
        Http2Headers back = new DefaultHttp2HeadersDecoder(false).decodeHeaders(1, Unpooled.wrappedBuffer(block));
        assertEquals(h, back);
    }

    @Test
    void aLoweredTableSizeOwesOneSizeUpdateAnUnchangedOrRaisedOneNone() throws Exception {
        StaticHpackEncoder enc = new StaticHpackEncoder();
        Http2Headers h = new DefaultHttp2Headers(false).status("200");
        enc.configuration().maxHeaderTableSize(4096);
        enc.configuration().maxHeaderTableSize(65536);
        assertArrayEquals(hex("88"), encode(enc, h)); // VTest refuses an update it did not expect
        enc.configuration().maxHeaderTableSize(100);
        assertArrayEquals(hex("3f45 88"), encode(enc, h)); // 100 = 31 + 69
        assertArrayEquals(hex("88"), encode(enc, h)); // once
        enc.configuration().maxHeaderTableSize(4096); // raised again: ours stays at 100, nothing to say
        assertArrayEquals(hex("88"), encode(enc, h));
        enc.configuration().maxHeaderTableSize(0);
        assertArrayEquals(hex("20 88"), encode(enc, h));
        assertEquals(0, enc.configuration().maxHeaderTableSize());
        assertThrows(Http2Exception.class, () -> enc.configuration().maxHeaderTableSize(-1));
    }

    @Test
    void aHeaderListOverTheClientsLimitFailsAndKeepsTheOwedUpdate() throws Exception {
        StaticHpackEncoder enc = new StaticHpackEncoder();
        enc.configuration().maxHeaderTableSize(0);
        enc.configuration().maxHeaderListSize(100);
        Http2Headers big = new DefaultHttp2Headers(false).status("200").add("x-big", "v".repeat(60));
        ByteBuf out = Unpooled.buffer();
        Http2Exception e = assertThrows(Http2Exception.class, () -> enc.encodeHeaders(3, big, out));
        assertTrue(Http2Exception.isStreamError(e));
        assertEquals(3, Http2Exception.streamId(e));
        out.release();
        // (32 + 7 + 3) + (32 + 5 + 60) = 139 > 100; a small one fits and still starts with the update
        assertArrayEquals(hex("20 88"), encode(enc, new DefaultHttp2Headers(false).status("200")));
    }

    /** SETTINGS values outside RFC 9113's ranges are connection errors, the values in range are taken. */
    @Test
    void settingsOutOfRangeAreProtocolErrors() throws Exception {
        StaticHpackEncoder enc = new StaticHpackEncoder();
        for (long bad : new long[] {-1, 0x1_0000_0000L}) {
            Http2Exception t = assertThrows(Http2Exception.class, () -> enc.maxHeaderTableSize(bad));
            assertEquals(io.netty.handler.codec.http2.Http2Error.PROTOCOL_ERROR, t.error());
            assertTrue(t.getMessage().startsWith("Header Table Size must be >= 0"), t.getMessage());
            Http2Exception l = assertThrows(Http2Exception.class, () -> enc.maxHeaderListSize(bad));
            assertEquals(io.netty.handler.codec.http2.Http2Error.PROTOCOL_ERROR, l.error());
            assertTrue(l.getMessage().contains("but was " + bad), l.getMessage());
        }
        enc.maxHeaderTableSize(0xFFFF_FFFFL);
        assertEquals(0xFFFF_FFFFL, enc.maxHeaderTableSize());
        enc.maxHeaderListSize(0);
        assertEquals(0, enc.configuration().maxHeaderListSize());
    }
}

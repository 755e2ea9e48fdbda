package dev.hapair.proxy.h2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hapair.proxy.h1.H1Exception;
import dev.hapair.proxy.h1.H1Limits;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http2.Http2Headers;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** HTTP/1.1 responses (golden bytes, fed whole and byte by byte) into HEADERS and DATA frames. */
class ResponseTranslatorTest {

    /** Frames as text: {@code H[:status=200 a=b] end} / {@code D[payload] end}. */
    static final class Frames implements ResponseTranslator.Sink {
        final List<String> out = new ArrayList<>();

        @Override
        public void headers(Http2Headers headers, boolean endStream) {
            StringBuilder sb = new StringBuilder("H[");
            for (Map.Entry<CharSequence, CharSequence> e : headers) {
                if (sb.length() > 2) sb.append(' ');
                sb.append(e.getKey()).append('=').append(e.getValue());
            }
            out.add(sb.append(']').append(endStream ? " end" : "").toString());
        }

        @Override
        public void data(ByteBuf content, boolean endStream) {
            out.add("D[" + content.toString(StandardCharsets.ISO_8859_1) + "]" + (endStream ? " end" : ""));
            content.release();
        }

        /** Consecutive DATA payloads merged, to compare byte-by-byte feeding with whole feeding. */
        String merged() {
            List<String> m = new ArrayList<>();
            StringBuilder data = null;
            for (String f : out) {
                if (f.startsWith("D[") && !f.endsWith(" end")) {
                    data = data == null ? new StringBuilder() : data;
                    data.append(f, 2, f.length() - 1);
                    continue;
                }
                if (f.startsWith("D[") && data != null) {
                    data.append(f, 2, f.lastIndexOf(']'));
                    m.add("D[" + data + "] end");
                    data = null;
                    continue;
                }
                if (data != null) {
                    m.add("D[" + data + "]");
                    data = null;
                }
                m.add(f);
            }
            if (data != null) m.add("D[" + data + "]");
            return String.join(" | ", m);
        }
    }

    private static final H1Limits LIMITS = new H1Limits(16384, 65536, 32767, true);

    private static Frames translate(String response, boolean head, boolean byteByByte) throws H1Exception {
        ResponseTranslator t = new ResponseTranslator(head, LIMITS);
        Frames f = new Frames();
        byte[] b = response.getBytes(StandardCharsets.ISO_8859_1);
        if (byteByByte) {
            for (byte x : b) t.write(Unpooled.wrappedBuffer(new byte[] {x}), ByteBufAllocator.DEFAULT, f);
        } else {
            t.write(Unpooled.wrappedBuffer(b), ByteBufAllocator.DEFAULT, f);
        }
        return f;
    }

    private static void golden(String response, String frames) throws H1Exception {
        assertEquals(frames, translate(response, false, false).merged());
        assertEquals(frames, translate(response, false, true).merged(), "fed byte by byte");
    }

    @Test
    void aResponseWithALength() throws H1Exception {
        golden(
                "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nX-A: b\r\nConnection: keep-alive\r\n\r\nhello",
                "H[:status=200 content-length=5 x-a=b] | D[hello] end");
    }

    @Test
    void aChunkedResponseIsDechunked() throws H1Exception {
        golden(
                "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5;ext=1\r\nhello\r\n1\r\n!\r\n0\r\n\r\n",
                "H[:status=200] | D[hello!] end");
    }

    @Test
    void chunkedTrailersBecomeATrailingHeadersFrame() throws H1Exception {
        golden(
                "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nab\r\n0\r\nX-Sum: 3\r\n\r\n",
                "H[:status=200] | D[ab] | H[x-sum=3] end");
    }

    @Test
    void bodilessResponsesEndInTheirHeaders() throws H1Exception {
        golden("HTTP/1.1 204 No Content\r\nX: y\r\n\r\n", "H[:status=204 x=y] end");
        golden("HTTP/1.1 304 Not Modified\r\nContent-Length: 10\r\n\r\n", "H[:status=304 content-length=10] end");
        golden("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n", "H[:status=200 content-length=0] end");
        Frames head = translate("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n", true, false);
        assertEquals("H[:status=200 content-length=10] end", head.merged());
    }

    @Test
    void interimResponsesPrecedeTheFinalOne() throws H1Exception {
        golden(
                "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok",
                "H[:status=100] | H[:status=200 content-length=2] | D[ok] end");
    }

    @Test
    void hopByHopFieldsAndThoseConnectionNamesAreDropped() throws H1Exception {
        golden(
                "HTTP/1.1 200 OK\r\nConnection: close, X-Private\r\nX-Private: 1\r\nKeep-Alive: timeout=5\r\n"
                        + "Upgrade: h2c\r\nProxy-Connection: x\r\nSet-Cookie: a=1\r\nSet-Cookie: b=2\r\n"
                        + "Content-Length: 0\r\n\r\n",
                "H[:status=200 set-cookie=a=1 set-cookie=b=2 content-length=0] end");
    }

    @Test
    void aBodyDelimitedByTheCloseEndsWhenTheStreamIsClosed() throws H1Exception {
        ResponseTranslator t = new ResponseTranslator(false, LIMITS);
        Frames f = new Frames();
        t.write(
                Unpooled.copiedBuffer("HTTP/1.1 200 OK\r\n\r\nabc", StandardCharsets.ISO_8859_1),
                ByteBufAllocator.DEFAULT,
                f);
        assertTrue(t.inBody());
        assertTrue(t.close(f));
        assertTrue(t.done());
        assertEquals("H[:status=200] | D[abc] | D[] end", String.join(" | ", f.out));
    }

    @Test
    void closingAnIncompleteResponseSaysSo() throws H1Exception {
        ResponseTranslator t = new ResponseTranslator(false, LIMITS);
        Frames f = new Frames();
        t.write(
                Unpooled.copiedBuffer("HTTP/1.1 200 OK\r\nContent-Length: 9\r\n\r\nabc", StandardCharsets.ISO_8859_1),
                ByteBufAllocator.DEFAULT,
                f);
        assertFalse(t.close(f)); // the stream is reset instead: a truncated body must not look complete
        assertFalse(t.done());
    }

    @Test
    void a101CannotBeCarried() {
        assertThrows(
                H1Exception.class,
                () -> translate("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n\r\n", false, false));
    }

    @Test
    void bytesAfterTheResponseAreDropped() throws H1Exception {
        golden(
                "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nokHTTP/1.1 200 OK\r\n\r\n",
                "H[:status=200 content-length=2] | D[ok] end");
    }

    @Test
    void aHeldHeadResponseEndsWithTheNextWriteOrTheClose() throws H1Exception {
        ResponseTranslator t = new ResponseTranslator(true, H1Limits.DEFAULTS);
        Frames f = new Frames();
        t.holdEnd(true);
        t.write(
                Unpooled.copiedBuffer("HTTP/1.1 200 OK\r\nContent-Length: 9\r\n\r\n", StandardCharsets.ISO_8859_1),
                ByteBufAllocator.DEFAULT,
                f);
        assertEquals(List.of("H[:status=200 content-length=9]"), f.out, "no END_STREAM while the engine drains");
        t.holdEnd(false);
        t.write(Unpooled.EMPTY_BUFFER, ByteBufAllocator.DEFAULT, f);
        assertEquals(List.of("H[:status=200 content-length=9]", "D[] end"), f.out);
        assertTrue(t.done());
        ResponseTranslator closed = new ResponseTranslator(true, H1Limits.DEFAULTS);
        Frames g = new Frames();
        closed.holdEnd(true);
        closed.write(
                Unpooled.copiedBuffer("HTTP/1.1 204 No Content\r\n\r\n", StandardCharsets.ISO_8859_1),
                ByteBufAllocator.DEFAULT,
                g);
        assertTrue(closed.close(g));
        assertEquals(List.of("H[:status=204]", "D[] end"), g.out);
    }

    @Test
    void aParsedHeadThatCannotBeCarriedStillReleasesItsBytes() throws Exception {
        byte[] raw = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n"
                .getBytes(StandardCharsets.ISO_8859_1);
        dev.hapair.proxy.h1.ResponseHead head = dev.hapair.proxy.h1.HeadParser.parseResponse(raw, LIMITS, false);
        ByteBuf bytes = Unpooled.buffer().writeBytes(raw).writeBytes("xyz".getBytes(StandardCharsets.ISO_8859_1));
        ResponseTranslator t = new ResponseTranslator(false, LIMITS); // not an extended CONNECT: 101 refused
        assertThrows(
                H1Exception.class,
                () -> t.writeParsed(head, raw.length, bytes, ByteBufAllocator.DEFAULT, new Frames()));
        assertEquals(0, bytes.refCnt(), "writeParsed owns its bytes even when it refuses the head");
    }

    @Test
    void aParsedHeadWithoutItsBytesBecomesHeadersAndTheBytesAfterItData() throws Exception {
        byte[] raw = "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nServer: n\r\nConnection: keep-alive\r\n\r\n"
                .getBytes(StandardCharsets.ISO_8859_1);
        dev.hapair.proxy.h1.ResponseHead head = dev.hapair.proxy.h1.HeadParser.parseResponse(raw, LIMITS, false);
        ResponseTranslator t = new ResponseTranslator(false, LIMITS);
        Frames f = new Frames();
        t.writeParsed(head, 0, Unpooled.copiedBuffer("hel", StandardCharsets.ISO_8859_1), ByteBufAllocator.DEFAULT, f);
        t.write(Unpooled.copiedBuffer("lo", StandardCharsets.ISO_8859_1), ByteBufAllocator.DEFAULT, f);
        assertEquals(List.of("H[:status=200 content-length=5 server=n]", "D[hel]", "D[lo] end"), f.out);
    }

    @Test
    void aParsedHeadWithoutItsBytesIsWrittenAsBytesWhenItTakesTheBytesWay() throws Exception {
        // an interim head is not taken as parsed: it goes the bytes' way, so its bytes must be made first
        dev.hapair.proxy.h1.ResponseHead early = dev.hapair.proxy.h1.HeadParser.parseResponse(
                "HTTP/1.1 103 Early Hints\r\nLink: </a>\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), LIMITS, false);
        ResponseTranslator t = new ResponseTranslator(false, LIMITS);
        Frames f = new Frames();
        t.writeParsed(early, 0, Unpooled.EMPTY_BUFFER, ByteBufAllocator.DEFAULT, f);
        dev.hapair.proxy.h1.ResponseHead ok = dev.hapair.proxy.h1.HeadParser.parseResponse(
                "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), LIMITS, false);
        t.writeParsed(ok, 0, Unpooled.copiedBuffer("ok", StandardCharsets.ISO_8859_1), ByteBufAllocator.DEFAULT, f);
        assertEquals(List.of("H[:status=103 link=</a>]", "H[:status=200 content-length=2]", "D[ok] end"), f.out);
    }
}

package dev.hapair.proxy.h2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hapair.proxy.h1.H1Limits;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** HTTP/1.1 requests the engine writes toward an HTTP/2 server, into HEADERS and DATA frames (golden text). */
class ServerRequestTranslatorTest {

    private static List<String> translate(String request, boolean extendedConnect) throws Exception {
        ResponseTranslatorTest.Frames f = new ResponseTranslatorTest.Frames();
        ServerRequestTranslator t = new ServerRequestTranslator(H1Limits.DEFAULTS);
        t.write(
                Unpooled.copiedBuffer(request, StandardCharsets.ISO_8859_1),
                ByteBufAllocator.DEFAULT,
                f,
                extendedConnect);
        return f.out;
    }

    /** The same request fed one byte at a time gives the same frames once DATA payloads are merged. */
    private static List<String> bytewise(String request) throws Exception {
        ResponseTranslatorTest.Frames f = new ResponseTranslatorTest.Frames();
        ServerRequestTranslator t = new ServerRequestTranslator(H1Limits.DEFAULTS);
        for (byte b : request.getBytes(StandardCharsets.ISO_8859_1)) {
            t.write(Unpooled.wrappedBuffer(new byte[] {b}), ByteBufAllocator.DEFAULT, f, false);
        }
        return List.of(f.merged());
    }

    @Test
    void getBecomesPseudoHeadersWithHostAsAuthorityAndHopByHopFieldsDropped() throws Exception {
        assertEquals(
                List.of("H[:method=GET :scheme=https :path=/a?b=1 :authority=example.com x-a=1 te=trailers] end"),
                translate(
                        "GET /a?b=1 HTTP/1.1\r\nHost: example.com\r\nConnection: keep-alive, x-hop\r\nX-Hop: 1\r\n"
                                + "Keep-Alive: timeout=5\r\nX-A: 1\r\nTE: trailers\r\nProxy-Connection: x\r\n\r\n",
                        false));
    }

    @Test
    void anAbsoluteTargetGivesTheSchemeAndTheAuthority() throws Exception {
        assertEquals(
                List.of("H[:method=GET :scheme=http :path=/p :authority=h.example:8443] end"),
                translate("GET http://h.example:8443/p HTTP/1.1\r\nHost: h.example:8443\r\n\r\n", false));
    }

    @Test
    void bodyWithLengthGoesAsItIsAndChunkedIsDechunkedWithTrailers() throws Exception {
        assertEquals(
                List.of("H[:method=POST :scheme=https :path=/ :authority=h content-length=5]", "D[hello] end"),
                translate("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\n\r\nhello", false));
        String chunked = "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "3\r\nabc\r\n2;ext=1\r\nde\r\n0\r\nx-t: 1\r\n\r\n";
        assertEquals(
                List.of("H[:method=POST :scheme=https :path=/ :authority=h]", "D[abc]", "D[de]", "H[x-t=1] end"),
                translate(chunked, false));
        String merged = String.join("|", bytewise(chunked));
        assertTrue(merged.contains("D[abcde]") && merged.endsWith("H[x-t=1] end"), merged);
    }

    @Test
    void upgradeBecomesExtendedConnectOnlyWhenTheServerAllowsIt() throws Exception {
        String ws = "GET /chat HTTP/1.1\r\nHost: h\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n";
        assertEquals(
                List.of("H[:method=CONNECT :scheme=https :path=/chat :authority=h :protocol=websocket "
                        + "sec-websocket-version=13]"),
                translate(ws, true));
        StreamRefused r = assertThrows(StreamRefused.class, () -> translate(ws, false));
        assertEquals(502, r.status());
    }

    @Test
    void websocketAcceptOfTheClientKeyIsKeptForThe101() throws Exception {
        ServerRequestTranslator t = new ServerRequestTranslator(H1Limits.DEFAULTS);
        t.write(
                Unpooled.copiedBuffer(
                        "GET / HTTP/1.1\r\nHost: h\r\nConnection: upgrade\r\nUpgrade: websocket\r\n"
                                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n",
                        StandardCharsets.ISO_8859_1),
                ByteBufAllocator.DEFAULT,
                new ResponseTranslatorTest.Frames(),
                true);
        assertEquals(ServerRequestTranslator.Kind.UPGRADE, t.kind());
        // RFC 6455's example key and accept value
        assertEquals("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=", t.websocketAccept());
    }

    @Test
    void connectCarriesOnlyTheAuthority() throws Exception {
        assertEquals(
                List.of("H[:method=CONNECT :authority=h:443]"),
                translate("CONNECT h:443 HTTP/1.1\r\nHost: h:443\r\n\r\n", false));
    }
}

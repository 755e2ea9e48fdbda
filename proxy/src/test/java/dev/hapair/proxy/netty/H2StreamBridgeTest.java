package dev.hapair.proxy.netty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hapair.common.time.ManualScheduler;
import dev.hapair.proxy.backend.BackendRouter;
import dev.hapair.proxy.backend.FrontendRuntime;
import dev.hapair.proxy.backend.FrontendSettings;
import dev.hapair.proxy.backend.LogFormat;
import dev.hapair.proxy.backend.Timeouts;
import dev.hapair.proxy.rules.ProxyRules;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http2.DefaultHttp2DataFrame;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.netty.handler.codec.http2.Http2DataFrame;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.handler.codec.http2.Http2ResetFrame;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * One stream's bridge with EmbeddedChannel: HEADERS/DATA frames in, the HTTP/1.1 bytes the session gets
 * (golden), and the HTTP/1.1 bytes a session writes, out as frames; then with a real {@link HttpSession}
 * behind it, a request answered by the HTTP/1 engine (its 503 when no backend is routed, its log line).
 */
class H2StreamBridgeTest {
    private final List<String> logs = new ArrayList<>();
    private final List<String> routed = new ArrayList<>();

    private FrontendRuntime frontend() {
        FrontendSettings fs = FrontendSettings.http(List.of(new InetSocketAddress("127.0.0.1", 80)), Timeouts.NONE)
                .withLog(LogFormat.HTTPLOG);
        BackendRouter router = r -> {
            routed.add(r.uri());
            return null; // no backend: answered 503 by the engine
        };
        return new FrontendRuntime("fe", fs, router, List.<ProxyRules>of());
    }

    private static Http2Headers get(String path) {
        return new DefaultHttp2Headers()
                .method("GET")
                .scheme("https")
                .path(path)
                .authority("h.test");
    }

    private static String inbound(EmbeddedChannel ch) {
        StringBuilder sb = new StringBuilder();
        Object m;
        while ((m = ch.readInbound()) != null) {
            if (m instanceof HttpSession.StreamRequestHead h) { // the head, as the session takes it
                sb.append(new String(h.bytes(), StandardCharsets.ISO_8859_1));
                continue;
            }
            ByteBuf b = (ByteBuf) m;
            sb.append(b.toString(StandardCharsets.ISO_8859_1));
            b.release();
        }
        return sb.toString();
    }

    private static ByteBuf bytes(String s) {
        return Unpooled.copiedBuffer(s, StandardCharsets.ISO_8859_1);
    }

    @Test
    void framesInBecomeHttp1BytesForTheSession() {
        AddressedChannel ch = new AddressedChannel(new H2StreamBridge(frontend()));
        Http2Headers h = new DefaultHttp2Headers()
                .method("POST")
                .scheme("https")
                .path("/up")
                .authority("h.test")
                .add("cookie", "a=1")
                .add("cookie", "b=2");
        ch.writeInbound(new DefaultHttp2HeadersFrame(h, false));
        ch.writeInbound(new DefaultHttp2DataFrame(bytes("hello"), false));
        ch.writeInbound(new DefaultHttp2DataFrame(bytes("!"), true));
        assertEquals(
                "POST https://h.test/up HTTP/1.1\r\nhost: h.test\r\ncookie: a=1; b=2\r\ntransfer-encoding: chunked\r\n\r\n"
                        + "5\r\nhello\r\n1\r\n!\r\n0\r\n\r\n",
                inbound(ch));
        ch.finishAndReleaseAll();
    }

    @Test
    void http1BytesOutBecomeFrames() {
        AddressedChannel ch = new AddressedChannel(new H2StreamBridge(frontend()));
        ch.writeInbound(new DefaultHttp2HeadersFrame(get("/"), true));
        inbound(ch);
        ch.writeOutbound(bytes("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nConnection: keep-alive\r\n\r\n"));
        ch.writeOutbound(bytes("3\r\nabc\r\n0\r\n\r\n"));
        Http2HeadersFrame head = ch.readOutbound();
        assertEquals("200", head.headers().status().toString());
        assertNull(head.headers().get("connection"));
        assertNull(head.headers().get("transfer-encoding"));
        assertFalse(head.isEndStream());
        Http2DataFrame d = ch.readOutbound();
        assertEquals("abc", d.content().toString(StandardCharsets.ISO_8859_1));
        assertFalse(d.isEndStream());
        d.release();
        Http2DataFrame end = ch.readOutbound();
        assertTrue(end.isEndStream());
        assertEquals(0, end.content().readableBytes());
        end.release();
        assertNull(ch.readOutbound());
        ch.finishAndReleaseAll();
    }

    @Test
    void anExtendedConnectIsAWebsocketUpgradeAndIts101A200ThatOpensTheTunnel() {
        // RFC 8441 both ways: the session sees an HTTP/1.1 upgrade (with a generated key, as HAProxy makes one),
        // its 101 leaves as a 200 without the HTTP/1-only fields, then DATA is the tunnel's bytes, unframed
        AddressedChannel ch = new AddressedChannel(new H2StreamBridge(frontend()));
        Http2Headers h = new DefaultHttp2Headers()
                .method("CONNECT")
                .scheme("http")
                .path("/chat")
                .authority("h.test")
                .add(":protocol", "websocket")
                .add("sec-websocket-version", "13");
        ch.writeInbound(new DefaultHttp2HeadersFrame(h, false));
        String head = inbound(ch);
        assertTrue(head.startsWith("GET http://h.test/chat HTTP/1.1\r\nhost: h.test\r\n"), head);
        assertTrue(head.contains("\r\nconnection: upgrade\r\nupgrade: websocket\r\n"), head);
        assertTrue(head.matches("(?s).*\r\nsec-websocket-key: [A-Za-z0-9+/]{22}==\r\n.*"), head);
        assertTrue(head.contains("\r\nsec-websocket-version: 13\r\n"), head);
        ch.writeInbound(new DefaultHttp2DataFrame(bytes("\u0081\u0002hi"), false));
        assertEquals("\u0081\u0002hi", inbound(ch), "tunnel bytes as they came");

        ch.writeOutbound(bytes("HTTP/1.1 101 Switching Protocols\r\nConnection: upgrade\r\nUpgrade: websocket\r\n"
                + "Sec-WebSocket-Accept: x\r\nx-hop: 1\r\n\r\n"));
        Http2HeadersFrame answer = ch.readOutbound();
        assertEquals("200", answer.headers().status().toString());
        assertNull(answer.headers().get("connection"));
        assertNull(answer.headers().get("upgrade"));
        assertEquals("1", answer.headers().get("x-hop").toString());
        assertFalse(answer.isEndStream());
        ch.writeOutbound(bytes("\u0081\u0002ok"));
        Http2DataFrame d = ch.readOutbound();
        assertEquals("\u0081\u0002ok", d.content().toString(StandardCharsets.ISO_8859_1));
        assertFalse(d.isEndStream());
        d.release();
        ch.finishAndReleaseAll();
    }

    @Test
    void aMalformedRequestResetsTheStreamAndTheSessionSeesNothing() {
        FrontendRuntime fe = frontend();
        AddressedChannel ch = new AddressedChannel(new H2StreamBridge(fe));
        ch.writeInbound(new DefaultHttp2HeadersFrame(get("/").add("x", "a\r\nx-injected: yes"), true));
        assertEquals("", inbound(ch));
        Http2ResetFrame rst = ch.readOutbound();
        assertEquals(Http2Error.PROTOCOL_ERROR.code(), rst.errorCode());
        assertFalse(ch.isOpen());
        assertEquals(1, fe.counters().requestErrors());
    }

    @Test
    void dataLongerThanTheContentLengthResetsTheStream() {
        AddressedChannel ch = new AddressedChannel(new H2StreamBridge(frontend()));
        ch.writeInbound(new DefaultHttp2HeadersFrame(
                new DefaultHttp2Headers()
                        .method("GET")
                        .scheme("https")
                        .path("/test4.html")
                        .add("content-length", "2"),
                false));
        ch.writeInbound(new DefaultHttp2DataFrame(bytes("this is sent and ignored"), false));
        assertEquals("GET /test4.html HTTP/1.1\r\ncontent-length: 2\r\n\r\n", inbound(ch));
        Http2ResetFrame rst = ch.readOutbound();
        assertEquals(Http2Error.PROTOCOL_ERROR.code(), rst.errorCode());
        assertFalse(ch.isOpen());
    }

    @Test
    void aBadMethodIsAnswered400() {
        AddressedChannel ch = new AddressedChannel(new H2StreamBridge(frontend()));
        ch.writeInbound(new DefaultHttp2HeadersFrame(
                new DefaultHttp2Headers().method("GET?").scheme("http").path("/"), true));
        Http2HeadersFrame h = ch.readOutbound();
        assertEquals("400", h.headers().status().toString());
        Http2DataFrame d = ch.readOutbound();
        assertTrue(d.isEndStream());
        d.release();
        assertFalse(ch.isOpen());
    }

    @Test
    void theHttp1EngineServesTheStream() {
        FrontendRuntime fe = frontend();
        ProxyContext px = new ProxyContext(Transport.nio(), null, (sev, line) -> logs.add(line), 0);
        AddressedChannel ch =
                new AddressedChannel(new H2StreamBridge(fe), new HttpSession(px, fe, new ManualScheduler()));
        ch.writeInbound(new DefaultHttp2HeadersFrame(get("/path?q=1"), true));
        ch.runPendingTasks();
        Http2HeadersFrame h = ch.readOutbound();
        assertEquals("503", h.headers().status().toString());
        Object page = ch.readOutbound();
        assertInstanceOf(Http2DataFrame.class, page, "the engine's 503 page");
        ((Http2DataFrame) page).release(); // read out of the channel, so finishAndReleaseAll no longer owns it
        // as in HAProxy: an HTTP/2 request's url is absolute and its version 2.0
        assertEquals(List.of("https://h.test/path?q=1"), routed);
        assertEquals(1, fe.counters().requests());
        assertEquals(1, logs.size());
        assertTrue(logs.get(0).contains("\"GET https://h.test/path?q=1 HTTP/2.0\""), logs.get(0));
        ch.finishAndReleaseAll();
    }
}

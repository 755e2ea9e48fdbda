package dev.hapair.proxy.netty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hapair.proxy.backend.FrontendRuntime;
import dev.hapair.proxy.backend.FrontendSettings;
import dev.hapair.proxy.backend.Timeouts;
import dev.hapair.proxy.h2.H2Preface;
import dev.hapair.proxy.rules.ProxyRules;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * HAProxy's implicit upgrade: an HTTP/1 connection (clear bind without {@code proto}) that starts with the
 * HTTP/2 preface is served as HTTP/2; anything else, or the same bytes with the upgrade off ({@code proto h1},
 * {@code option disable-h2-upgrade}), stays HTTP/1.
 */
class H2PrefaceUpgradeTest {
    private static final String PREFACE = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n";
    private static final byte[] EMPTY_SETTINGS = {0, 0, 0, 4, 0, 0, 0, 0, 0};
    /**
     * HEADERS, stream 3, END_STREAM|END_HEADERS: :method GET, :scheme http, :path / (HPACK static entries). Not
     * stream 1: Netty's multiplexer takes an embedded channel (no server parent) for a client, whose stream 1
     * would be an h2c upgrade's.
     */
    private static final byte[] GET = {0, 0, 3, 1, 5, 0, 0, 0, 3, (byte) 0x82, (byte) 0x86, (byte) 0x84};

    private final FrontendRuntime fe = new FrontendRuntime(
            "fe",
            FrontendSettings.http(List.of(new InetSocketAddress("127.0.0.1", 80)), Timeouts.NONE),
            r -> null, // no backend: requests are answered 503
            List.<ProxyRules>of());
    private final ProxyContext px = new ProxyContext(Transport.nio(), null, (sev, line) -> {}, 0);

    private AddressedChannel client(boolean upgrade) {
        return new AddressedChannel(
                new H1Traffic(fe.counters().h1(), false), new HttpSession(px, fe).upgradeOnPreface(upgrade));
    }

    @Test
    void prefaceMatching() {
        assertEquals(H2Preface.Match.PARTIAL, H2Preface.match(ascii("PRI * HTTP/2")));
        assertEquals(H2Preface.Match.PREFACE, H2Preface.match(ascii(PREFACE + "more")));
        assertEquals(H2Preface.Match.NO, H2Preface.match(ascii("POST / HTTP/1.1\r\n")));
        assertEquals(H2Preface.Match.NO, H2Preface.match(ascii("PRI * HTTP/1.1\r\n")));
    }

    @Test
    void aConnectionStartingWithThePrefaceBecomesHttp2() {
        AddressedChannel ch = client(true);
        assertEquals(1, fe.counters().h1().openConnections());
        ch.writeInbound(ascii("PRI * HTTP/2.0\r\n")); // a part: nothing decided, nothing answered
        assertNull(ch.readOutbound());
        assertNotNull(ch.pipeline().get(HttpSession.class));
        ByteBuf rest = ascii("\r\nSM\r\n\r\n");
        rest.writeBytes(EMPTY_SETTINGS);
        ch.writeInbound(rest);
        assertNull(ch.pipeline().get(HttpSession.class), "the HTTP/1 session left");
        assertNull(ch.pipeline().get(H1Traffic.class));
        assertNotNull(ch.pipeline().get(H2Connection.class));
        ByteBuf out = ch.outbound();
        assertEquals(4, frameType(out, 0), "our SETTINGS first");
        assertEquals(0, fe.counters().h1().openConnections(), "no longer an HTTP/1 connection");
        assertEquals(1, fe.counters().h2().openConnections());

        ch.writeInbound(Unpooled.wrappedBuffer(GET));
        ch.runPendingTasks();
        ByteBuf answer = ch.outbound();
        assertTrue(
                hasFrame(answer, 1, 3), "HEADERS answering stream 3: " + io.netty.buffer.ByteBufUtil.hexDump(answer));
        out.release();
        answer.release();
        ch.finishAndReleaseAll();
    }

    @Test
    void otherBytesStayHttp1() {
        AddressedChannel ch = client(true);
        ch.writeInbound(ascii("P"));
        ch.writeInbound(ascii("OST / HTTP/1.1\r\nHost: a\r\nContent-Length: 0\r\n\r\n"));
        String out = ch.outbound().toString(StandardCharsets.ISO_8859_1);
        assertTrue(out.startsWith("HTTP/1.1 503 "), out);
        assertNull(ch.pipeline().get(H2Connection.class));
        ch.finishAndReleaseAll();
    }

    @Test
    void withoutTheUpgradeThePrefaceIsAnInvalidHttp1Request() {
        AddressedChannel ch = client(false);
        ByteBuf in = ascii(PREFACE);
        in.writeBytes(EMPTY_SETTINGS);
        ch.writeInbound(in);
        String out = ch.outbound().toString(StandardCharsets.ISO_8859_1);
        assertTrue(out.startsWith("HTTP/1.1 4"), out);
        assertNull(ch.pipeline().get(H2Connection.class));
        ch.finishAndReleaseAll();
    }

    private static ByteBuf ascii(String s) {
        return Unpooled.copiedBuffer(s, StandardCharsets.ISO_8859_1);
    }

    private static int frameType(ByteBuf b, int at) {
        return b.getByte(b.readerIndex() + at + 3);
    }

    /** Whether the frames in {@code b} hold one of {@code type} on {@code stream}. */
    private static boolean hasFrame(ByteBuf b, int type, int stream) {
        int i = b.readerIndex();
        while (i + 9 <= b.writerIndex()) {
            int len = b.getMedium(i);
            if (b.getByte(i + 3) == type && (b.getInt(i + 5) & 0x7fffffff) == stream) return true;
            i += 9 + len;
        }
        return false;
    }
}

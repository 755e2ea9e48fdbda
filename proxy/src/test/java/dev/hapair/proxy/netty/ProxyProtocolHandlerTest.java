package dev.hapair.proxy.netty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hapair.proxy.backend.BackendRouter;
import dev.hapair.proxy.backend.FrontendRuntime;
import dev.hapair.proxy.backend.FrontendSettings;
import dev.hapair.proxy.backend.LogFormat;
import dev.hapair.proxy.backend.Timeouts;
import dev.hapair.proxy.proxyprotocol.ProxyHeaderEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The PROXY protocol handler in front of a recording handler, and in front of the HTTP engine. */
class ProxyProtocolHandlerTest {
    private final List<String> logs = new ArrayList<>();
    private final List<String> routedFrom = new ArrayList<>();

    /** What the rest of the pipeline sees. */
    private static final class Recorder extends ChannelInboundHandlerAdapter {
        boolean active;
        final StringBuilder read = new StringBuilder();
        boolean activeBeforeRead = true;

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            active = true;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            activeBeforeRead &= active;
            ByteBuf b = (ByteBuf) msg;
            read.append(b.toString(StandardCharsets.ISO_8859_1));
            b.release();
        }
    }

    private FrontendRuntime frontend(long clientTimeout) {
        Timeouts t = new Timeouts(0, clientTimeout, 0, 0, 0, 0, 0);
        FrontendSettings fs = FrontendSettings.http(List.of(new InetSocketAddress("127.0.0.1", 80)), t)
                .withLog(LogFormat.HTTPLOG);
        BackendRouter router = r -> {
            routedFrom.add(r.sourceAddress().getHostAddress() + ":" + r.sourcePort());
            return null;
        };
        return new FrontendRuntime("fe", fs, router, List.of());
    }

    private ProxyProtocolHandler handler(FrontendRuntime fe, int max) {
        return new ProxyProtocolHandler(
                fe, (sev, line) -> logs.add(line), fe.settings().timeouts().client(), max);
    }

    private static ByteBuf text(String s) {
        return Unpooled.copiedBuffer(s, StandardCharsets.ISO_8859_1);
    }

    @Test
    void headerSplitAcrossReadsThenPayloadPassesOnWithTheProxiedAddresses() {
        FrontendRuntime fe = frontend(0);
        Recorder rec = new Recorder();
        AddressedChannel ch = new AddressedChannel(handler(fe, 16384), rec);
        ch.writeInbound(text("PROXY TCP4 203.0.113.7 "));
        assertFalse(rec.active, "nothing after the handler starts before the header is complete");
        ch.writeInbound(text("198.51.100.1 51000 443\r\nhello"));
        assertTrue(rec.active);
        assertTrue(rec.activeBeforeRead);
        assertEquals("hello", rec.read.toString());
        assertEquals(new InetSocketAddress("203.0.113.7", 51000), ClientAddresses.source(ch));
        assertEquals(new InetSocketAddress("198.51.100.1", 443), ClientAddresses.destination(ch));
        assertNull(ch.pipeline().get(ProxyProtocolHandler.NAME));
        ch.writeInbound(text(" world"));
        assertEquals("hello world", rec.read.toString());
        assertTrue(ch.isActive());
    }

    @Test
    void v2LocalKeepsTheSocketAddresses() {
        Recorder rec = new Recorder();
        AddressedChannel ch = new AddressedChannel(handler(frontend(0), 16384), rec);
        ch.writeInbound(Unpooled.wrappedBuffer(ProxyHeaderEncoder.v2(null, null, null)));
        assertTrue(rec.active);
        assertEquals("", rec.read.toString());
        assertEquals(new InetSocketAddress("127.0.0.2", 40000), ClientAddresses.source(ch));
    }

    @Test
    void notAHeaderClosesCountsAndLogsHaproxysMessage() {
        FrontendRuntime fe = frontend(0);
        Recorder rec = new Recorder();
        AddressedChannel ch = new AddressedChannel(handler(fe, 16384), rec);
        ch.writeInbound(text("GET / HTTP/1.1\r\n\r\n"));
        assertFalse(ch.isActive());
        assertFalse(rec.active);
        assertEquals(1, fe.counters().requestErrors());
        assertEquals(1, logs.size());
        assertTrue(logs.get(0).startsWith("127.0.0.2:40000 ["), logs.get(0));
        assertTrue(
                logs.get(0)
                        .endsWith(
                                "] fe/127.0.0.1:80: Received something which does not look like a PROXY protocol header"),
                logs.get(0));
    }

    @Test
    void oversizedV2IsRefusedWithoutBufferingIt() {
        Recorder rec = new Recorder();
        AddressedChannel ch = new AddressedChannel(handler(frontend(0), 64), rec);
        byte[] head = java.util.HexFormat.of().parseHex("0d0a0d0a000d0a515549540a" + "2111ffff");
        ch.writeInbound(Unpooled.wrappedBuffer(head));
        assertFalse(ch.isActive());
        assertTrue(logs.get(0).endsWith("Truncated PROXY protocol header received"), logs.get(0));
    }

    @Test
    void endlessGarbageAfterAValidPrefixIsBounded() {
        Recorder rec = new Recorder();
        AddressedChannel ch = new AddressedChannel(handler(frontend(0), 16384), rec);
        ch.writeInbound(text("PROXY UNKNOWN "));
        assertTrue(ch.isActive());
        ch.writeInbound(text("x".repeat(200)));
        assertFalse(ch.isActive());
        assertTrue(logs.get(0).endsWith("Received an invalid PROXY protocol header"), logs.get(0));
    }

    @Test
    void headerMustArriveWithinTimeoutClient() {
        Recorder rec = new Recorder();
        AddressedChannel ch = new AddressedChannel(handler(frontend(5000), 16384), rec);
        ch.writeInbound(text("PROXY TCP4"));
        ch.advanceTimeBy(4000, TimeUnit.MILLISECONDS);
        ch.runScheduledPendingTasks();
        assertTrue(ch.isActive(), logs.toString());
        ch.advanceTimeBy(1000, TimeUnit.MILLISECONDS);
        ch.runScheduledPendingTasks();
        assertFalse(ch.isActive());
        assertTrue(logs.get(0).endsWith("Timeout while waiting for PROXY protocol header"), logs.get(0));
    }

    @Test
    void closedBeforeTheHeaderIsLoggedUnlessDontlognull() {
        Recorder rec = new Recorder();
        AddressedChannel ch = new AddressedChannel(handler(frontend(0), 16384), rec);
        ch.writeInbound(text("PROX"));
        ch.close();
        assertTrue(logs.get(0).endsWith("Connection closed while waiting for PROXY protocol header"), logs.get(0));
    }

    @Test
    void theHttpEngineSeesTheProxiedClient() {
        FrontendRuntime fe = frontend(0);
        ProxyContext px = new ProxyContext(Transport.nio(), null, (sev, line) -> logs.add(line), 0);
        AddressedChannel ch = new AddressedChannel(handler(fe, 16384), new HttpSession(px, fe));
        ch.writeInbound(text("PROXY TCP6 2001:db8::7 2001:db8::1 40123 80\r\nGET /x HTTP/1.1\r\nHost: a\r\n\r\n"));
        assertEquals(List.of("2001:db8:0:0:0:0:0:7:40123"), routedFrom);
        ByteBuf out = ch.readOutbound();
        assertTrue(out.toString(StandardCharsets.ISO_8859_1).startsWith("HTTP/1.1 503"));
        out.release();
        assertTrue(logs.stream().anyMatch(l -> l.contains("2001:db8::7:40123")), logs.toString());
    }
}

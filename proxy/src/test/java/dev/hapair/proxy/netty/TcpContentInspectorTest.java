package dev.hapair.proxy.netty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hapair.proxy.backend.FrontendRuntime;
import dev.hapair.proxy.backend.FrontendSettings;
import dev.hapair.proxy.backend.Timeouts;
import dev.hapair.proxy.config.HaproxyConfig;
import dev.hapair.proxy.config.HaproxyConfigLoader;
import dev.hapair.proxy.rules.ProxyRules;
import dev.hapair.proxy.rules.ProxyRulesCompiler;
import dev.hapair.proxy.sample.ProxyState;
import dev.hapair.proxy.sample.Vars;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Content inspection on an EmbeddedChannel: bytes held back, rules re-run per read, delay, FIN, bound, reject. */
class TcpContentInspectorTest {

    private static final class Recorder extends ChannelInboundHandlerAdapter {
        boolean active;
        boolean fin;
        final StringBuilder read = new StringBuilder();

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            active = true;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf b = (ByteBuf) msg;
            read.append(b.toString(StandardCharsets.ISO_8859_1));
            b.release();
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            fin |= evt instanceof ChannelInputShutdownEvent;
        }
    }

    private static FrontendRuntime frontend(String rules, int bufsize) throws Exception {
        String text = "defaults\n  mode tcp\n  timeout connect 1s\n  timeout client 30s\n  timeout server 1s\n"
                + "frontend f\n  bind :80\n  tcp-request inspect-delay 5s\n" + rules
                + "  default_backend b\nbackend b\n  server s 127.0.0.1:80\n";
        HaproxyConfig c = new HaproxyConfigLoader().parse("t.cfg", text);
        ProxyRules r = new ProxyRulesCompiler(c)
                .compile(c.proxy("f").orElseThrow())
                .with(new ProxyRules.Live(ProxyState.NONE, new Vars.Proc(), ProxyRules.Live.NONE.users()));
        FrontendSettings fs = FrontendSettings.tcp(List.of(new InetSocketAddress("127.0.0.1", 80)), Timeouts.NONE)
                .withHttp(new dev.hapair.proxy.h1.H1Limits(bufsize, bufsize, 101, false));
        return new FrontendRuntime("f", fs, req -> null, List.of(r));
    }

    private static ByteBuf text(String s) {
        return Unpooled.copiedBuffer(s, StandardCharsets.ISO_8859_1);
    }

    @Test
    void holdsBytesUntilARuleDecidesThenPassesThemAll() throws Exception {
        Recorder rec = new Recorder();
        AddressedChannel ch = new AddressedChannel(
                new TcpContentInspector(frontend(
                        "  tcp-request content accept if { req.payload(0,4) -m bin 50494e47 }\n"
                                + "  tcp-request content reject if { req.len ge 4 }\n",
                        16384)),
                rec);
        ch.writeInbound(text("PI"));
        assertFalse(rec.active);
        ch.writeInbound(text("NG more"));
        assertTrue(rec.active);
        assertEquals("PING more", rec.read.toString());
        ch.writeInbound(text(" after"));
        assertEquals("PING more after", rec.read.toString(), "the inspector left the pipeline");
    }

    @Test
    void rejectClosesAndCountsDenied() throws Exception {
        FrontendRuntime fe = frontend(
                "  tcp-request content reject if { req.payload(0,3) -m bin 474554 }\n"
                        + "  tcp-request content accept if { req.len ge 3 }\n",
                16384);
        Recorder rec = new Recorder();
        AddressedChannel ch = new AddressedChannel(new TcpContentInspector(fe), rec);
        ch.writeInbound(text("GET / HTTP/1.0\r\n"));
        assertFalse(ch.isActive());
        assertFalse(rec.active);
        assertEquals(1, fe.counters().deniedRequests());
    }

    @Test
    void delayExpiryMakesTheContentsFinal() throws Exception {
        Recorder rec = new Recorder();
        AddressedChannel ch = new AddressedChannel(
                new TcpContentInspector(
                        frontend("  tcp-request content reject if { req.len lt 10 } WAIT_END\n", 16384)),
                rec);
        ch.writeInbound(text("short"));
        assertTrue(ch.isActive());
        assertFalse(rec.active);
        ch.advanceTimeBy(6, TimeUnit.SECONDS);
        ch.runScheduledPendingTasks();
        assertFalse(ch.isActive(), "at expiry: req.len lt 10 and WAIT_END both true");
    }

    @Test
    void finEndsInspectionAndIsPassedOnAfterTheBytes() throws Exception {
        Recorder rec = new Recorder();
        AddressedChannel ch = new AddressedChannel(
                new TcpContentInspector(frontend("  tcp-request content accept if { req.len ge 100 }\n", 16384)), rec);
        ch.writeInbound(text("tiny"));
        assertFalse(rec.active);
        ch.pipeline().fireUserEventTriggered(ChannelInputShutdownEvent.INSTANCE);
        assertTrue(rec.active, "FIN: contents final, no rule matched, default accept");
        assertEquals("tiny", rec.read.toString());
        assertTrue(rec.fin);
    }

    @Test
    void aFullBufferIsFinal() throws Exception {
        Recorder rec = new Recorder();
        AddressedChannel ch = new AddressedChannel(
                new TcpContentInspector(frontend("  tcp-request content reject if { req.len ge 100000 }\n", 1024)),
                rec);
        ch.writeInbound(Unpooled.wrappedBuffer(new byte[600]));
        assertFalse(rec.active);
        ch.writeInbound(Unpooled.wrappedBuffer(new byte[600]));
        assertTrue(rec.active, "1200 bytes >= tune.bufsize 1024: decided without waiting for the delay");
        assertEquals(1200, rec.read.length());
    }
}

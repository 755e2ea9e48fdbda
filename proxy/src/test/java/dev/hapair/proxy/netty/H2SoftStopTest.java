package dev.hapair.proxy.netty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hapair.proxy.backend.FrontendRuntime;
import dev.hapair.proxy.backend.FrontendSettings;
import dev.hapair.proxy.backend.Timeouts;
import dev.hapair.proxy.rules.ProxyRules;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http2.Http2CodecUtil;
import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A soft stop sends GOAWAY(NO_ERROR) to an idle HTTP/2 client connection at once and closes it. */
class H2SoftStopTest {

    @Test
    void anIdleConnectionGetsGoAwayAndCloses() {
        FrontendRuntime fe = new FrontendRuntime(
                "fe",
                FrontendSettings.http(List.of(new InetSocketAddress("127.0.0.1", 80)), Timeouts.NONE),
                r -> null,
                List.<ProxyRules>of());
        ProxyContext px = new ProxyContext(Transport.nio(), null, (sev, line) -> {}, 0);
        AddressedChannel ch = new AddressedChannel();
        H2Frontend.install(ch.pipeline(), px, fe);
        ByteBuf preface = Unpooled.buffer();
        preface.writeBytes(Http2CodecUtil.connectionPrefaceBuf());
        preface.writeBytes(new byte[] {0, 0, 0, 4, 0, 0, 0, 0, 0}); // empty SETTINGS
        ch.writeInbound(preface);
        ch.outbound().release(); // our SETTINGS and the ACK
        assertEquals(1, px.h2Clients.size());

        px.softStopping = true;
        H2Frontend.goAwayAll(px);
        ch.runPendingTasks();
        ByteBuf out = ch.outbound();
        assertEquals(0x7, frameType(out), "GOAWAY first");
        assertEquals(0, out.getInt(out.readerIndex() + 9 + 4), "error code NO_ERROR");
        out.release();
        assertFalse(ch.isOpen(), "no stream was open: closed at once");
        assertTrue(px.h2Clients.isEmpty());
    }

    private static int frameType(ByteBuf b) {
        return b.getByte(b.readerIndex() + 3);
    }
}

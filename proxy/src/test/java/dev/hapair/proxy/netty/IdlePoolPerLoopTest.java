package dev.hapair.proxy.netty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hapair.proxy.backend.BackendRuntime;
import dev.hapair.proxy.backend.BackendSettings;
import dev.hapair.proxy.backend.RequestInfo;
import dev.hapair.proxy.backend.ReuseOrder;
import dev.hapair.proxy.backend.ServerOptions;
import dev.hapair.proxy.backend.ServerRuntime;
import dev.hapair.proxy.backend.Timeouts;
import dev.hapair.proxy.lb.LbAlgorithm;
import io.netty.channel.embedded.EmbeddedChannel;
import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Each event loop's idle server connections are held to the server's recent need on their own: a loop cannot take
 * another loop's idle connections, so those must not make it close its own (it would connect again for its next
 * request). Each EmbeddedChannel runs on an event loop of its own.
 */
class IdlePoolPerLoopTest {

    private static RequestInfo req(int port) {
        return RequestInfo.tcp(new InetSocketAddress("10.0.0.9", port), new InetSocketAddress("10.0.0.1", 80));
    }

    @Test
    void anotherLoopsIdleConnectionsDoNotCloseThisLoops() {
        ServerRuntime s = new ServerRuntime("s", "127.0.0.1", 80, ServerOptions.DEFAULT.withId(1), () -> 1000L);
        BackendRuntime be =
                new BackendRuntime("be", BackendSettings.http(Timeouts.NONE), List.of(s), LbAlgorithm.DEFAULT, false);
        EmbeddedChannel a1 = new EmbeddedChannel(), a2 = new EmbeddedChannel(), b1 = new EmbeddedChannel();
        EmbeddedChannel onA = a1;
        // two requests in flight at once on loop A: the need is 2
        assertSame(s, be.acquire(req(1), null, null, null).server());
        assertSame(s, be.acquire(req(2), null, null, null).server());
        assertTrue(s.park(onA.eventLoop(), a1, true));
        be.release(s);
        assertTrue(s.park(onA.eventLoop(), a2, true)); // parked in loop A's pool (the channel's own loop aside)
        be.release(s);
        assertEquals(2, s.idleConnections());
        // then one request on loop B: its connection is kept for B's next request, though A holds 2 idle
        assertSame(s, be.acquire(req(3), null, null, null).server());
        assertTrue(s.park(b1.eventLoop(), b1, true), "loop B cannot use A's idle connections");
        be.release(s);
        assertSame(b1, s.pollIdle(b1.eventLoop(), ReuseOrder.FRESH_THEN_PROVEN));
        assertNull(s.pollIdle(b1.eventLoop(), ReuseOrder.FRESH_THEN_PROVEN));
        // still bounded per loop by the need: A, at 2 idle with nothing in flight, parks no third
        EmbeddedChannel a3 = new EmbeddedChannel();
        assertSame(s, be.acquire(req(4), null, null, null).server());
        assertFalse(s.park(onA.eventLoop(), a3, true), "1 in use + 2 idle exceeds the need of 2");
        be.release(s);
        for (EmbeddedChannel c : List.of(a1, a2, a3, b1)) c.finishAndReleaseAll();
    }
}

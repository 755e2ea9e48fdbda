package dev.hapair.proxy.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hapair.proxy.lb.LbAlgorithm;
import io.netty.channel.DefaultEventLoop;
import io.netty.channel.EventLoop;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class BackendRuntimeTest {
    private final EventLoop loop = new DefaultEventLoop();
    private long now = 1000;

    @AfterEach
    void stop() {
        loop.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }

    private ServerRuntime server(String name, int id, ServerOptions o) {
        return new ServerRuntime(name, "127.0.0.1", 80, o.withId(id), () -> now);
    }

    private static RequestInfo req() {
        return RequestInfo.tcp(new InetSocketAddress("10.0.0.9", 1234), new InetSocketAddress("10.0.0.1", 80));
    }

    private final class Waiter implements PendingRequest {
        final CompletableFuture<ServerRuntime> got = new CompletableFuture<>();

        @Override
        public EventLoop eventLoop() {
            return loop;
        }

        @Override
        public void granted(ServerRuntime server) {
            assertTrue(loop.inEventLoop(), "granted on the waiter's loop");
            got.complete(server);
        }
    }

    @Test
    void fullServersQueueAndReleaseGrantsTheOldestWaiter() throws Exception {
        ServerRuntime a = server("a", 1, ServerOptions.DEFAULT.withMaxconn(1));
        BackendRuntime be =
                new BackendRuntime("be", BackendSettings.tcp(Timeouts.NONE), List.of(a), LbAlgorithm.DEFAULT, false);
        assertSame(a, be.acquire(req(), null, null, null).server());
        Waiter w1 = new Waiter(), w2 = new Waiter();
        assertTrue(be.acquire(req(), null, null, w1).queued());
        assertTrue(be.acquire(req(), null, null, w2).queued());
        assertEquals(2, be.queued());
        assertEquals(2, be.counters().maxQueue());
        be.release(a);
        assertSame(a, w1.got.get(2, TimeUnit.SECONDS));
        assertFalse(w2.got.isDone());
        assertEquals(1, a.counters().currentSessions(), "the slot went straight to the waiter");
        assertTrue(be.cancel(w2));
        assertEquals(0, be.queued());
        be.release(a);
        assertEquals(0, a.counters().currentSessions());
        assertEquals(2, a.counters().totalSessions(), "one direct, one granted from the queue");
    }

    @Test
    void noUsableServerMeansNoneAndHealthEventsReachTheSelector() {
        ServerRuntime a = server("a", 1, ServerOptions.DEFAULT);
        ServerRuntime b = server("b", 2, ServerOptions.DEFAULT.withBackup(true));
        BackendRuntime be =
                new BackendRuntime("be", BackendSettings.tcp(Timeouts.NONE), List.of(a, b), LbAlgorithm.DEFAULT, false);
        assertEquals(1, be.usableServers());
        a.setHealth(false);
        assertEquals(1, be.usableServers(), "the backup is in use");
        Acquisition got = be.acquire(req(), null, null, null);
        assertSame(b, got.server());
        be.release(b);
        b.setHealth(false);
        assertEquals(0, be.usableServers());
        Acquisition none = be.acquire(req(), null, null, new Waiter());
        assertNull(none.server());
        assertFalse(none.queued(), "nothing usable: 503, not a queue");
        a.setHealth(true);
        assertSame(a, be.acquire(req(), null, null, null).server());
    }

    @Test
    void stickyServerWinsWhileUpAndDrainKeepsOnlyStickyTraffic() {
        ServerRuntime a = server("a", 1, ServerOptions.DEFAULT);
        ServerRuntime b = server("b", 2, ServerOptions.DEFAULT);
        BackendRuntime be =
                new BackendRuntime("be", BackendSettings.tcp(Timeouts.NONE), List.of(a, b), LbAlgorithm.DEFAULT, false);
        for (int i = 0; i < 4; i++) {
            ServerRuntime s = be.acquire(req(), b, null, null).server();
            assertSame(b, s);
            be.release(s);
        }
        b.setAdmin(AdminFlag.DRAIN, true);
        assertEquals("DRAIN", b.statusText());
        for (int i = 0; i < 4; i++) {
            ServerRuntime s = be.acquire(req(), null, null, null).server();
            assertSame(a, s, "a draining server gets no new traffic");
            be.release(s);
        }
        assertSame(b, be.acquire(req(), b, null, null).server(), "but keeps its sticky clients");
        b.setAdmin(AdminFlag.MAINT, true);
        assertSame(a, be.acquire(req(), b, null, null).server(), "MAINT: not even sticky traffic");
    }

    @Test
    void redispatchAvoidsExcludedServer() {
        ServerRuntime a = server("a", 1, ServerOptions.DEFAULT);
        ServerRuntime b = server("b", 2, ServerOptions.DEFAULT);
        BackendRuntime be =
                new BackendRuntime("be", BackendSettings.tcp(Timeouts.NONE), List.of(a, b), LbAlgorithm.DEFAULT, false);
        for (int i = 0; i < 5; i++) {
            ServerRuntime s = be.acquire(req(), null, Set.of(a), null).server();
            assertSame(b, s);
            be.release(s);
        }
    }

    @Test
    void downtimeAndStateTimesFollowTheInjectedClock() {
        ServerRuntime a = server("a", 1, ServerOptions.DEFAULT);
        now += 5000;
        a.setHealth(false);
        assertEquals(1, a.downTransitions());
        now += 3000;
        assertEquals(3000, a.downtimeMillis());
        assertEquals(3000, a.millisInState());
        a.setHealth(true);
        now += 1000;
        assertEquals(3000, a.downtimeMillis());
        assertEquals(1000, a.millisInState());
        assertEquals("no check", a.statusText());
    }
}

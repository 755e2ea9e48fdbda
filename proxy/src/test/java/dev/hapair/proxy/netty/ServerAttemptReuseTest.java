package dev.hapair.proxy.netty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
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
import io.netty.channel.Channel;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.Test;

/**
 * A client connection keeps a server attempt that ended at once (an idle server connection taken in the call that
 * started it) for its next request: only such an attempt is reused, and a reused one is a new one in every field.
 */
class ServerAttemptReuseTest {
    private final EmbeddedChannel idle = new EmbeddedChannel();
    private final ChannelInboundHandlerAdapter noHandlers = new ChannelInboundHandlerAdapter();
    private final Transport transport = Transport.nio();

    private static RequestInfo req(int port) {
        return RequestInfo.tcp(new InetSocketAddress("10.0.0.9", port), new InetSocketAddress("10.0.0.1", 80));
    }

    private static BackendRuntime backend(ServerRuntime... servers) {
        return new BackendRuntime(
                "be", BackendSettings.http(Timeouts.NONE), List.of(servers), LbAlgorithm.DEFAULT, false);
    }

    private static ServerRuntime server(String name, ServerOptions o) {
        return new ServerRuntime(name, "127.0.0.1", 80, o, () -> 1000L);
    }

    /** What the attempt handed over. */
    private static final class Outcome implements ServerAttempt.Callback {
        Channel channel;
        boolean reused;
        int calls;

        @Override
        public void connected(ServerRuntime server, Channel ch, boolean reused) {
            this.channel = ch;
            this.reused = reused;
            calls++;
        }

        @Override
        public void failed(boolean queueTimeout) {
            calls++;
        }
    }

    private ServerAttempt attempt(BackendRuntime be, RequestInfo info, ServerRuntime sticky, Outcome cb) {
        return new ServerAttempt(idle.eventLoop(), transport, noHandlers)
                .forRequest(be, info, sticky, 80, true, ReuseOrder.FRESH_THEN_PROVEN, cb);
    }

    @Test
    void anAttemptServedAtOnceByAnIdleConnectionIsReusable() {
        ServerRuntime s = server("s", ServerOptions.DEFAULT.withId(1));
        BackendRuntime be = backend(s);
        assertSame(s, be.acquire(req(1), null, null, null).server()); // a request in flight: one is needed
        assertTrue(s.park(idle.eventLoop(), idle, true));
        be.release(s);
        Outcome cb = new Outcome();
        ServerAttempt a = attempt(be, req(2), null, cb);
        assertFalse(a.reusable(), "not before it ended");
        a.start();
        assertSame(idle, cb.channel);
        assertTrue(cb.reused);
        assertTrue(a.reusable(), "nothing can call on it any more");
        be.release(s);
    }

    @Test
    void aQueuedAttemptIsNeverReused() {
        ServerRuntime s = server("s", ServerOptions.DEFAULT.withId(1).withMaxconn(1));
        BackendRuntime be = backend(s);
        assertSame(s, be.acquire(req(1), null, null, null).server()); // full
        Outcome cb = new Outcome();
        ServerAttempt a = attempt(be, req(2), null, cb);
        a.start();
        assertTrue(a.queued());
        a.cancel(); // ended, but the backend's queue and a timer knew it
        assertFalse(a.reusable());
        assertEquals(0, cb.calls);
    }

    private static List<Field> stateFields() {
        return FieldResets.stateFields(ServerAttempt.class);
    }

    private static void dirty(Object o, Field f, Object fresh) {
        FieldResets.dirty(o, f, fresh);
    }

    @Test
    void reuseMakesANewAttemptInEveryField() throws Exception {
        ServerRuntime s = server("s", ServerOptions.DEFAULT.withId(1));
        ServerRuntime t = server("t", ServerOptions.DEFAULT.withId(2));
        BackendRuntime be = backend(s, t);
        BackendRuntime other = backend(t);
        Outcome cb = new Outcome();
        RequestInfo info = req(3);
        ServerAttempt used = attempt(be, req(1), s, new Outcome());
        ServerAttempt fresh = new ServerAttempt(idle.eventLoop(), transport, noHandlers)
                .forRequest(other, info, t, 80, false, ReuseOrder.NONE, cb);
        int dirtied = 0;
        for (Field f : stateFields()) {
            if (Modifier.isFinal(f.getModifiers())) continue; // the client connection's, the same for all its requests
            dirty(used, f, f.get(fresh));
            assertNotEquals(f.get(fresh), f.get(used), f.getName());
            dirtied++;
        }
        assertTrue(dirtied >= 20, "every field of the attempt is checked: " + dirtied);
        used.forRequest(other, info, t, 80, false, ReuseOrder.NONE, cb);
        for (Field f : stateFields()) {
            assertTrue(Objects.equals(f.get(fresh), f.get(used)), f.getName() + " is not reset by forRequest()");
        }
    }

    @Test
    void aParkedAttemptHoldsNothingOfItsRequest() throws Exception {
        ServerRuntime s = server("s", ServerOptions.DEFAULT.withId(1));
        ServerAttempt a = attempt(backend(s), req(1), s, new Outcome());
        a.park();
        for (String name : List.of("backend", "info", "sticky", "callback", "current")) {
            Field f = ServerAttempt.class.getDeclaredField(name);
            f.setAccessible(true);
            assertNull(f.get(a), name);
        }
    }
}

package dev.hapair.proxy.netty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hapair.common.config.SourceLocation;
import dev.hapair.proxy.backend.BackendRuntime;
import dev.hapair.proxy.backend.BackendSettings;
import dev.hapair.proxy.backend.ForwardFor;
import dev.hapair.proxy.backend.FrontendSettings;
import dev.hapair.proxy.backend.ServerOptions;
import dev.hapair.proxy.backend.ServerRuntime;
import dev.hapair.proxy.backend.Timeouts;
import dev.hapair.proxy.config.HashType;
import dev.hapair.proxy.config.HttpConnectionMode;
import dev.hapair.proxy.config.HttpReuse;
import dev.hapair.proxy.config.ProxyMode;
import dev.hapair.proxy.http.cookie.StickyCookieSpec;
import dev.hapair.proxy.lb.LbAlgorithm;
import dev.hapair.proxy.lb.UriHashKey;
import dev.hapair.proxy.log.LogSink;
import dev.hapair.proxy.testing.NginxServer;
import dev.hapair.proxy.testing.ProxyFixture;
import dev.hapair.proxy.testing.RawHttpClient;
import dev.hapair.proxy.testing.TestHttpBackend;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** maxconn queueing, connect retries with redispatch, forwardfor, server-port-from-client. */
class ResilienceIT {
    private static final Timeouts T = new Timeouts(300, 5000, 5000, 2000, 0, 4000, 0);

    @Test
    void serverMaxconnQueuesInsteadOfRefusing() throws Exception {
        try (TestHttpBackend slow = new TestHttpBackend("slow")) {
            ServerRuntime s = ProxyFixture.server(
                    "slow", slow.port(), ServerOptions.DEFAULT.withMaxconn(1).withId(1));
            BackendRuntime be = ProxyFixture.backend("be", BackendSettings.http(T), List.of(s));
            try (ProxyServer proxy = ProxyFixture.start(
                    FrontendSettings.http(List.of(ProxyFixture.anyLoopbackPort()), T), be, LogSink.NONE)) {
                int port = proxy.port("fe");
                ExecutorService pool = Executors.newFixedThreadPool(3);
                List<Future<Integer>> results = new ArrayList<>();
                for (int i = 0; i < 3; i++) {
                    // /continue answers at once; each holds the only slot for a moment
                    results.add(pool.submit(() -> {
                        try (RawHttpClient c = new RawHttpClient(port)) {
                            return c.get("/continue").status();
                        }
                    }));
                }
                for (Future<Integer> f : results) assertEquals(200, f.get());
                pool.shutdown();
                assertEquals(1, s.counters().maxSessions(), "never more than maxconn at the server");
                assertEquals(3, s.counters().totalSessions());
            }
        }
    }

    @Test
    void frontendMaxconnDelaysExtraConnectionsInsteadOfRefusing() throws Exception {
        try (TestHttpBackend b = new TestHttpBackend("b")) {
            ServerRuntime s = ProxyFixture.server("b", b.port());
            BackendRuntime be = ProxyFixture.backend("be", BackendSettings.http(T), List.of(s));
            FrontendSettings fs = FrontendSettings.http(List.of(ProxyFixture.anyLoopbackPort()), T)
                    .withMaxconn(1);
            try (ProxyServer proxy = ProxyFixture.start(fs, be, LogSink.NONE)) {
                RawHttpClient first = new RawHttpClient(proxy.port("fe"));
                assertEquals(200, first.get("/").status());
                try (RawHttpClient second = new RawHttpClient(proxy.port("fe"))) {
                    second.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
                    second.socket().setSoTimeout(600);
                    org.junit.jupiter.api.Assertions.assertThrows(
                            java.net.SocketTimeoutException.class, second::read, "served while the only slot is taken");
                    first.close(); // frees the slot
                    second.socket().setSoTimeout(5000);
                    assertEquals(200, second.read().status(), "then served, never refused");
                }
            }
        }
    }

    @Test
    void connectFailureIsRetriedThenRedispatched() throws Exception {
        int deadPort = NginxServer.freePort(); // nothing listens there: connection refused
        try (TestHttpBackend alive = new TestHttpBackend("alive")) {
            ServerRuntime dead = ProxyFixture.server("dead", deadPort);
            ServerRuntime ok = ProxyFixture.server("alive", alive.port());
            BackendRuntime be =
                    ProxyFixture.backend("be", BackendSettings.http(T).withRedispatch(true, 2), List.of(dead, ok));
            try (ProxyServer proxy = ProxyFixture.start(
                    FrontendSettings.http(List.of(ProxyFixture.anyLoopbackPort()), T), be, LogSink.NONE)) {
                for (int i = 0; i < 4; i++) {
                    try (RawHttpClient c = new RawHttpClient(proxy.port("fe"))) {
                        assertEquals("alive\n", c.get("/").bodyText(), "request " + i);
                    }
                }
                assertTrue(dead.counters().connectionErrors() >= 2, "the dead server was tried and retried");
                assertTrue(dead.counters().redispatches() >= 1);
                assertEquals(0, dead.counters().currentSessions());
            }
        }
    }

    /**
     * As HAProxy 2.6 (back_handle_st_cer): a server chosen by a non-hash algorithm among several active ones is not
     * retried after a failed connect, the request goes at once to another, without the turn-around delay (measured
     * side by side: "+1" retries and 0 ms where hapair took "+2" and two turn-arounds).
     */
    @Test
    void aRoundRobinFarmRedispatchesAtOnceInsteadOfRetryingTheServer() throws Exception {
        int deadPort = NginxServer.freePort();
        try (TestHttpBackend alive = new TestHttpBackend("alive")) {
            ServerRuntime dead = ProxyFixture.server("dead", deadPort);
            ServerRuntime ok = ProxyFixture.server("alive", alive.port());
            BackendRuntime be = ProxyFixture.backend(
                    "be", BackendSettings.http(SLOW_CONNECT).withRedispatch(true, 3), List.of(dead, ok));
            try (ProxyServer proxy = ProxyFixture.start(
                    FrontendSettings.http(List.of(ProxyFixture.anyLoopbackPort()), SLOW_CONNECT), be, LogSink.NONE)) {
                for (int i = 0; i < 4; i++) {
                    long start = System.nanoTime();
                    try (RawHttpClient c = new RawHttpClient(proxy.port("fe"))) {
                        assertEquals("alive\n", c.get("/").bodyText(), "request " + i);
                    }
                    long ms = (System.nanoTime() - start) / 1_000_000;
                    assertTrue(ms < 900, "request " + i + " waited for no turn-around (1 s each): " + ms + " ms");
                }
                assertTrue(dead.counters().connectionErrors() >= 1, "the dead server was tried");
                assertEquals(
                        dead.counters().connectionErrors(),
                        dead.counters().redispatches(),
                        "each failed connect redispatched at once, never retried on the dead server");
            }
        }
    }

    /**
     * {@code option redispatch <interval>} for a request that persistence sends to a dead server (so HAProxy's "any
     * server will do" shortcut does not apply): with 1 the first retry goes to another server at once; with
     * HAProxy's default (-1) the request is retried on its server until the last of its 3 retries, after two
     * turn-arounds (1 s each here: {@link #SLOW_CONNECT}, so a loaded machine cannot blur the two).
     */
    @Test
    void theRedispatchIntervalChoosesTheRetryThatMoves() throws Exception {
        int deadPort = NginxServer.freePort();
        try (TestHttpBackend alive = new TestHttpBackend("alive")) {
            for (int interval : new int[] {1, -1}) {
                ServerRuntime dead = ProxyFixture.server("dead", deadPort, ServerOptions.DEFAULT.withCookie("d"));
                ServerRuntime ok = ProxyFixture.server("alive", alive.port(), ServerOptions.DEFAULT.withCookie("a"));
                BackendRuntime be = cookieBackend(SLOW_CONNECT, interval, dead, ok);
                try (ProxyServer proxy = ProxyFixture.start(
                                FrontendSettings.http(List.of(ProxyFixture.anyLoopbackPort()), SLOW_CONNECT),
                                be,
                                LogSink.NONE);
                        RawHttpClient c = new RawHttpClient(proxy.port("fe"))) {
                    c.send("GET / HTTP/1.1\r\nHost: x\r\nCookie: SRV=a\r\n\r\n"); // warm: the first costs ~0.5 s
                    assertEquals("alive\n", c.read().bodyText());
                    long start = System.nanoTime();
                    c.send("GET / HTTP/1.1\r\nHost: x\r\nCookie: SRV=d\r\n\r\n");
                    assertEquals("alive\n", c.read().bodyText(), "interval " + interval);
                    long ms = (System.nanoTime() - start) / 1_000_000;
                    long tries = dead.counters().connectionErrors();
                    if (interval == 1) {
                        assertEquals(1, tries, "interval 1: the first retry went elsewhere");
                        assertTrue(ms < 900, "no turn-around (1 s) before the redispatch: " + ms + " ms");
                    } else {
                        assertEquals(3, tries, "interval -1: the first attempt and 2 retries on the same server");
                        assertTrue(ms >= 1900, "two turn-arounds of 1 s: " + ms + " ms");
                    }
                    assertEquals(1, dead.counters().redispatches(), "interval " + interval);
                }
            }
        }
    }

    /**
     * The log's cookie flag when a valid persistence cookie's server was not the one that served: D, as HAProxy's
     * TX_CK_DOWN, both when connections to it failed and the request was redispatched (HAProxy 2.6.12 side by side:
     * {@code --DI 1/1/0/0/+1}) and when it was down already; ours logged V for both.
     */
    @Test
    void aCookieWhoseServerDidNotServeIsLoggedDown() throws Exception {
        int deadPort = NginxServer.freePort();
        try (TestHttpBackend alive = new TestHttpBackend("alive")) {
            ServerRuntime dead = ProxyFixture.server("dead", deadPort, ServerOptions.DEFAULT.withCookie("d"));
            ServerRuntime ok = ProxyFixture.server("alive", alive.port(), ServerOptions.DEFAULT.withCookie("a"));
            BackendRuntime be = cookieBackend(T, 1, dead, ok);
            LogLines log = new LogLines();
            try (ProxyServer proxy = ProxyFixture.start(
                            FrontendSettings.http(List.of(ProxyFixture.anyLoopbackPort()), T)
                                    .withLog(dev.hapair.proxy.backend.LogFormat.HTTPLOG),
                            be,
                            log);
                    RawHttpClient c = new RawHttpClient(proxy.port("fe"))) {
                c.send("GET /valid HTTP/1.1\r\nHost: x\r\nCookie: SRV=a\r\n\r\n");
                assertEquals("alive\n", c.read().bodyText());
                c.send("GET /redispatched HTTP/1.1\r\nHost: x\r\nCookie: SRV=d\r\n\r\n");
                assertEquals("alive\n", c.read().bodyText());
                dead.setHealth(false);
                c.send("GET /down HTTP/1.1\r\nHost: x\r\nCookie: SRV=d\r\n\r\n");
                assertEquals("alive\n", c.read().bodyText());
            }
            String valid = log.of("/valid");
            String redispatched = log.of("/redispatched");
            String down = log.of("/down");
            assertTrue(valid.contains(" --V"), valid);
            assertTrue(redispatched.contains(" --DI "), redispatched);
            assertTrue(redispatched.contains("/+1 "), redispatched);
            assertTrue(down.contains(" --DI "), down);
        }
    }

    /** Connect timeout 1 s, so the turn-around before a retry on the same server is 1 s. */
    private static final Timeouts SLOW_CONNECT = new Timeouts(1000, 5000, 5000, 2000, 0, 4000, 0);

    /** Servers {@code dead} and {@code ok} behind cookie persistence (SRV), retries 3, redispatch at {@code interval}. */
    private static BackendRuntime cookieBackend(Timeouts t, int interval, ServerRuntime dead, ServerRuntime ok) {
        BackendSettings bs = new BackendSettings(
                ProxyMode.HTTP,
                t,
                3,
                true,
                interval,
                HttpConnectionMode.KEEP_ALIVE,
                null,
                StickyCookieSpec.insertIndirectNocache("SRV"),
                false,
                false,
                HttpReuse.SAFE);
        return ProxyFixture.backend("be", bs, List.of(dead, ok));
    }

    /** Log lines as the proxy emits them; {@link #of} waits for a request's line (at most 5 s) on the queue. */
    private static final class LogLines implements LogSink {
        private final BlockingQueue<String> arrived = new LinkedBlockingQueue<>();
        private final List<String> seen = new ArrayList<>();

        @Override
        public void log(int severity, String line) {
            arrived.add(line);
        }

        String of(String path) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (true) {
                for (String l : seen) if (l.contains("GET " + path + " ")) return l;
                long left = deadline - System.nanoTime();
                String l = left > 0 ? arrived.poll(left, TimeUnit.NANOSECONDS) : null;
                if (l == null) return "no log line for " + path + " in " + seen;
                seen.add(l);
            }
        }
    }

    /**
     * {@code balance uri} with {@code hash-type consistent}: a redispatch walks the ring past the server that failed
     * (as HAProxy's consistent hash avoids it), so every path is served though some hash to a dead server; before,
     * the hash chose the dead server again on every retry and the request ended in a 503.
     */
    @Test
    void aConsistentHashRedispatchMovesAlongTheRing() throws Exception {
        int deadPort = NginxServer.freePort();
        try (TestHttpBackend alive = new TestHttpBackend("alive")) {
            ServerRuntime dead = ProxyFixture.server("dead", deadPort);
            ServerRuntime ok = ProxyFixture.server("alive", alive.port());
            BackendSettings bs = BackendSettings.http(T).withRedispatch(true, 3, 1);
            HashType consistent = new HashType(HashType.Method.CONSISTENT, "sdbm", false, SourceLocation.NONE);
            LbAlgorithm uri = new LbAlgorithm(LbAlgorithm.Kind.URI, new UriHashKey(0, 0, false), consistent);
            BackendRuntime be = new BackendRuntime("be", bs, List.of(dead, ok), uri, false);
            try (ProxyServer proxy = ProxyFixture.start(
                    FrontendSettings.http(List.of(ProxyFixture.anyLoopbackPort()), T), be, LogSink.NONE)) {
                for (int i = 0; i < 40; i++) {
                    try (RawHttpClient c = new RawHttpClient(proxy.port("fe"))) {
                        assertEquals("alive\n", c.get("/p" + i).bodyText(), "/p" + i);
                    }
                }
                assertTrue(dead.counters().connectionErrors() > 0, "some paths hash to the dead server");
                assertEquals(dead.counters().connectionErrors(), dead.counters().redispatches());
            }
        }
    }

    @Test
    void withoutRedispatchRetriesEndIn503() throws Exception {
        int deadPort = NginxServer.freePort();
        ServerRuntime dead = ProxyFixture.server("dead", deadPort);
        BackendRuntime be = ProxyFixture.backend("be", BackendSettings.http(T).withRedispatch(false, 1), List.of(dead));
        try (ProxyServer proxy = ProxyFixture.start(
                        FrontendSettings.http(List.of(ProxyFixture.anyLoopbackPort()), T), be, LogSink.NONE);
                RawHttpClient c = new RawHttpClient(proxy.port("fe"))) {
            assertEquals(503, c.get("/").status());
            assertEquals(2, dead.counters().connectionErrors(), "first attempt plus one retry");
        }
    }

    @Test
    void forwardedForAddedUnlessExcepted() throws Exception {
        try (TestHttpBackend b = new TestHttpBackend("b")) {
            ServerRuntime s = ProxyFixture.server("b", b.port());
            BackendRuntime be = ProxyFixture.backend("be", BackendSettings.http(T), List.of(s));
            FrontendSettings fs = FrontendSettings.http(List.of(ProxyFixture.anyLoopbackPort()), T);
            try (ProxyServer p1 = ProxyFixture.start(fs.withForwardFor(ForwardFor.standard()), be, LogSink.NONE);
                    RawHttpClient c = new RawHttpClient(p1.port("fe"))) {
                c.send("GET /headers HTTP/1.1\r\nHost: x\r\nX-Forwarded-For: 1.2.3.4\r\n\r\n");
                String head = c.read().bodyText().toLowerCase();
                assertTrue(
                        head.contains("x-forwarded-for: 1.2.3.4\r\nx-forwarded-for: 127.0.0.1")
                                || head.contains("x-forwarded-for: 1.2.3.4\r\n")
                                        && head.contains("x-forwarded-for: 127.0.0.1"),
                        head);
            }
            try (ProxyServer p2 = ProxyFixture.start(
                            fs.withForwardFor(ForwardFor.of("X-Real", "127.0.0.0/8")), be, LogSink.NONE);
                    RawHttpClient c = new RawHttpClient(p2.port("fe"))) {
                c.send("GET /headers HTTP/1.1\r\nHost: x\r\n\r\n");
                assertTrue(!c.read().bodyText().toLowerCase().contains("x-real"), "loopback client is excepted");
            }
        }
    }

    @Test
    void serverWithoutPortUsesTheClientsDestinationPort() throws Exception {
        try (TestHttpBackend b = new TestHttpBackend("same-port")) {
            // The frontend listens on 127.0.0.2:<backend port>; the server line has no port.
            ServerRuntime s = ProxyFixture.server("noport", 0);
            BackendRuntime be = ProxyFixture.backend("be", BackendSettings.http(T), List.of(s));
            java.net.InetSocketAddress bind = new java.net.InetSocketAddress("127.0.0.2", b.port());
            try (ProxyServer proxy = ProxyFixture.start(FrontendSettings.http(List.of(bind), T), be, LogSink.NONE);
                    java.net.Socket sock = new java.net.Socket("127.0.0.2", b.port())) {
                sock.getOutputStream().write("GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".getBytes());
                String all = new String(sock.getInputStream().readAllBytes());
                assertTrue(all.endsWith("same-port\n"), all);
            }
        }
    }
}

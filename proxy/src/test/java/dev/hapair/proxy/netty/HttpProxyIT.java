package dev.hapair.proxy.netty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hapair.proxy.backend.BackendRuntime;
import dev.hapair.proxy.backend.BackendSettings;
import dev.hapair.proxy.backend.FrontendSettings;
import dev.hapair.proxy.backend.ServerRuntime;
import dev.hapair.proxy.backend.Timeouts;
import dev.hapair.proxy.http.ErrorPages;
import dev.hapair.proxy.log.LogSink;
import dev.hapair.proxy.testing.ProxyFixture;
import dev.hapair.proxy.testing.RawHttpClient;
import dev.hapair.proxy.testing.TestHttpBackend;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** HTTP edge cases through a real proxy on loopback with real sockets on both sides. */
class HttpProxyIT {
    private static final Timeouts TIMEOUTS = new Timeouts(500, 3000, 400, 700, 0, 1000, 0);
    private final List<AutoCloseable> closeables = new ArrayList<>();
    private TestHttpBackend s1;
    private TestHttpBackend s2;
    private ServerRuntime r1;
    private ServerRuntime r2;
    private ProxyServer proxy;
    private int port;
    private final List<String> logLines = java.util.Collections.synchronizedList(new ArrayList<>());

    @BeforeEach
    void start() throws Exception {
        s1 = new TestHttpBackend("s1");
        s2 = new TestHttpBackend("s2");
        closeables.add(s1);
        closeables.add(s2);
        r1 = ProxyFixture.server("s1", s1.port());
        r2 = ProxyFixture.server("s2", s2.port());
        BackendRuntime be = ProxyFixture.backend("be", BackendSettings.http(TIMEOUTS), List.of(r1, r2));
        LogSink log = (sev, line) -> logLines.add(line);
        proxy = ProxyFixture.start(
                FrontendSettings.http(List.of(ProxyFixture.anyLoopbackPort()), TIMEOUTS)
                        .withLog(dev.hapair.proxy.backend.LogFormat.HTTPLOG),
                be,
                log);
        closeables.add(proxy);
        port = proxy.port("fe");
    }

    @AfterEach
    void stop() throws Exception {
        if (Boolean.getBoolean("hapair.debug")) logLines.forEach(System.err::println);
        for (AutoCloseable c : closeables) c.close();
    }

    @Test
    void roundRobinAndKeepAliveReuseServerConnections() throws Exception {
        try (RawHttpClient c = new RawHttpClient(port)) {
            List<String> who = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                RawHttpClient.Response r = c.get("/");
                assertEquals(200, r.status());
                who.add(r.bodyText().trim());
            }
            assertEquals(List.of("s1", "s2", "s1", "s2", "s1", "s2", "s1", "s2", "s1", "s2"), who);
        }
        // ten requests, one client connection, and each server saw a single reused connection
        assertEquals(1, s1.connections.get());
        assertEquals(1, s2.connections.get());
        assertEquals(5, s1.requests.get());
        assertEquals(10, r1.counters().totalSessions() + r2.counters().totalSessions());
    }

    @Test
    void hopByHopTeKeepsOnlyTrailers() throws Exception {
        try (RawHttpClient c = new RawHttpClient(port)) {
            c.send("GET /a HTTP/1.1\r\nHost: x\r\nTE: trailers, gzip\r\n\r\n");
            assertEquals(200, c.read().status());
            TestHttpBackend got = s1.requests.get() > 0 ? s1 : s2;
            assertEquals("trailers", got.lastHeaders.get("te"));
            c.send("GET /b HTTP/1.1\r\nHost: x\r\nTE: gzip\r\n\r\n");
            assertEquals(200, c.read().status());
            TestHttpBackend other = got == s1 ? s2 : s1;
            assertEquals(null, other.lastHeaders.get("te"));
        }
    }

    @Test
    void pipelinedRequestsAnsweredInOrder() throws Exception {
        try (RawHttpClient c = new RawHttpClient(port)) {
            c.send("GET /a HTTP/1.1\r\nHost: x\r\n\r\nGET /b HTTP/1.1\r\nHost: x\r\n\r\n"
                    + "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello"
                    + "GET /c HTTP/1.1\r\nHost: x\r\n\r\n");
            assertEquals("s1\n", c.read().bodyText());
            assertEquals("s2\n", c.read().bodyText());
            assertEquals("hello", c.read().bodyText());
            assertEquals("s2\n", c.read().bodyText());
        }
    }

    @Test
    void chunkedBothWaysStreamsLargeBody() throws Exception {
        byte[] body = new byte[3 * 1024 * 1024 + 17];
        new Random(7).nextBytes(body);
        ByteArrayOutputStream req = new ByteArrayOutputStream();
        req.write("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                .getBytes(StandardCharsets.US_ASCII));
        for (int off = 0; off < body.length; off += 50_000) {
            int n = Math.min(50_000, body.length - off);
            req.write((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            req.write(body, off, n);
            req.write("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        req.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        try (RawHttpClient c = new RawHttpClient(port)) {
            Thread writer = new Thread(() -> {
                try {
                    c.send(req.toByteArray());
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            });
            writer.start();
            RawHttpClient.Response r = c.read();
            writer.join();
            assertEquals(200, r.status());
            assertEquals("chunked", r.header("transfer-encoding"));
            assertTrue(java.util.Arrays.equals(body, r.body()), "echoed body differs");
            assertEquals(200, c.get("/").status()); // connection still usable
        }
    }

    @Test
    void slowClientPushesBackOnTheServerInsteadOfBuffering() throws Exception {
        try (RawHttpClient c = new RawHttpClient(port)) {
            c.socket().setReceiveBufferSize(64 * 1024);
            c.send("GET /big HTTP/1.1\r\nHost: x\r\n\r\n");
            Thread.sleep(1500); // the client reads nothing meanwhile
            long w = s1.bigWritten.get();
            assertTrue(
                    w < 16L * 1024 * 1024,
                    "server could write " + w + " bytes: the proxy buffered instead of pushing back");
            RawHttpClient.Response r = c.read();
            assertEquals(64 * 1024 * 1024, r.body().length);
            assertEquals(200, c.get("/").status());
        }
    }

    @Test
    void expectContinueIsRelayed() throws Exception {
        try (RawHttpClient c = new RawHttpClient(port)) {
            c.send("POST /continue HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nExpect: 100-continue\r\n\r\n");
            RawHttpClient.Response interim = c.read();
            assertEquals(100, interim.status());
            c.send("abcd");
            RawHttpClient.Response r = c.read();
            assertEquals(200, r.status());
            assertEquals("got 4\n", r.bodyText());
        }
    }

    @Test
    void oversizedHeaderGets400() throws Exception {
        try (RawHttpClient c = new RawHttpClient(port)) {
            c.send("GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(20_000) + "\r\n\r\n");
            RawHttpClient.Response r = c.read();
            assertEquals(400, r.status());
            assertEquals(ErrorPages.bodyOf(400), r.bodyText());
        }
        assertEquals(0, s1.requests.get() + s2.requests.get());
    }

    @Test
    void contentLengthBesideChunkedIsDroppedAndTheClientConnectionClosed() throws Exception {
        // RFC 9112 6.1/6.3, as HAProxy 2.6: chunked wins, the length is removed, the connection is not kept
        try (RawHttpClient c = new RawHttpClient(port)) {
            c.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "4\r\nabcd\r\n0\r\n\r\nGET /smuggled HTTP/1.1\r\nHost: x\r\n\r\n");
            RawHttpClient.Response r = c.read();
            assertEquals(200, r.status());
            assertEquals("close", r.header("connection"));
            assertTrue(c.closedByPeer());
        }
        assertEquals(1, s1.requests.get() + s2.requests.get(), "the bytes after the body never became a request");
    }

    @Test
    void noUsableServerGivesHaproxy503Page() throws Exception {
        r1.setHealth(false);
        r2.setHealth(false);
        try (RawHttpClient c = new RawHttpClient(port)) {
            RawHttpClient.Response r = c.get("/");
            assertEquals(503, r.status());
            assertEquals("HTTP/1.1 503 Service Unavailable", r.statusLine());
            assertEquals(ErrorPages.bodyOf(503), r.bodyText());
            assertEquals("no-cache", r.header("cache-control"));
            r1.setHealth(true);
            assertEquals("s1\n", c.get("/").bodyText());
        }
    }

    @Test
    void serverClosingWithoutAnswerGives502() throws Exception {
        try (RawHttpClient c = new RawHttpClient(port)) {
            RawHttpClient.Response r = c.get("/die");
            assertEquals(502, r.status());
            assertEquals(ErrorPages.bodyOf(502), r.bodyText());
        }
    }

    @Test
    void slowServerGives504() throws Exception {
        try (RawHttpClient c = new RawHttpClient(port)) {
            long t0 = System.nanoTime();
            RawHttpClient.Response r = c.get("/slow");
            assertEquals(504, r.status());
            assertEquals(ErrorPages.bodyOf(504), r.bodyText());
            assertTrue(
                    (System.nanoTime() - t0) / 1_000_000 < 1900, "504 must come from timeout server, not the server");
        }
    }

    @Test
    void slowHeaderClientIsCutWith408() throws Exception {
        try (RawHttpClient c = new RawHttpClient(port)) {
            c.send("GET / HTTP/1.1\r\nHost: x\r\n");
            long t0 = System.nanoTime();
            RawHttpClient.Response r = c.read();
            assertEquals(408, r.status());
            long ms = (System.nanoTime() - t0) / 1_000_000;
            // Upper bound: below the 3 s client timeout, the only other way this connection could end; generous for
            // loaded CI.
            assertTrue(
                    ms >= 500 && ms < 2950,
                    "cut after timeout http-request (700 ms), not timeout client (3 s); took " + ms);
        }
    }

    @Test
    void serverDyingMidBodyAbortsClient() throws Exception {
        try (RawHttpClient c = new RawHttpClient(port)) {
            c.send("GET /half HTTP/1.1\r\nHost: x\r\n\r\n");
            RawHttpClient.Response r = c.read();
            assertEquals(200, r.status());
            assertEquals("0123456789", r.bodyText(), "truncated body, then the connection is closed");
        }
    }

    @Test
    void clientAbortMidBodyClosesServerSideAndReleasesSlot() throws Exception {
        RawHttpClient c = new RawHttpClient(port);
        c.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\n" + "x".repeat(1000));
        long until = System.currentTimeMillis() + 3000;
        while (s1.requests.get() == 0 && System.currentTimeMillis() < until) Thread.sleep(10);
        assertEquals(1, r1.counters().currentSessions());
        c.socket().setSoLinger(true, 0);
        c.close();
        long deadline = System.currentTimeMillis() + 3000;
        while (r1.counters().currentSessions() != 0 && System.currentTimeMillis() < deadline) Thread.sleep(20);
        assertEquals(0, r1.counters().currentSessions());
        try (RawHttpClient d = new RawHttpClient(port)) {
            assertNotNull(d.get("/"));
        }
        until = System.currentTimeMillis() + 2000;
        while (logLines.size() < 2 && System.currentTimeMillis() < until) Thread.sleep(10);
        assertTrue(
                logLines.stream().anyMatch(l -> l.contains(" CD-- ") && l.contains("POST /echo")),
                "abort logged: " + logLines);
    }

    @Test
    void forwardedForAndHttp10KeepAlive() throws Exception {
        try (RawHttpClient c = new RawHttpClient(port)) {
            c.send("GET /headers HTTP/1.0\r\nHost: x\r\nConnection: keep-alive\r\n\r\n");
            RawHttpClient.Response r = c.read();
            assertEquals("keep-alive", r.header("connection"));
            assertTrue(r.bodyText().toLowerCase().contains("connection: keep-alive"), r.bodyText());
        }
    }

    @Test
    void httplogLineHasHaproxyShape() throws Exception {
        try (RawHttpClient c = new RawHttpClient(port)) {
            c.get("/x?y=1");
        }
        long deadline = System.currentTimeMillis() + 2000;
        while (logLines.isEmpty() && System.currentTimeMillis() < deadline) Thread.sleep(10);
        String line = logLines.get(0);
        assertTrue(
                line.matches(
                        "127\\.0\\.0\\.1:\\d+ \\[\\d\\d/\\w{3}/\\d{4}:\\d\\d:\\d\\d:\\d\\d\\.\\d{3}\\] fe be/s1 "
                                + "\\d+/\\d+/\\d+/\\d+/\\d+ 200 \\d+ - - ---- \\d+/\\d+/\\d+/\\d+/0 0/0 \"GET /x\\?y=1 HTTP/1.1\""),
                line);
    }
}

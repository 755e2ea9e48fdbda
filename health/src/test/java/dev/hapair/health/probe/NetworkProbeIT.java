package dev.hapair.health.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hapair.health.CheckResult;
import dev.hapair.health.CheckStatus;
import io.netty.channel.EventLoopGroup;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** TCP and HTTP probes against real servers on 127.0.0.1: every HAProxy code they can produce. */
class NetworkProbeIT extends EventLoopIT {

    static CheckResult await(java.util.concurrent.CompletableFuture<CheckResult> f) throws Exception {
        return f.get(10, TimeUnit.SECONDS);
    }

    /** A loopback port nobody listens on (bound then closed). */
    static InetSocketAddress closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return new InetSocketAddress(InetAddress.getLoopbackAddress(), s.getLocalPort());
        }
    }

    @Test
    void tcpConnectSucceedsWithL4ok() throws Exception {
        try (TestServer server = new TestServer(serverGroup)) {
            CheckResult r = await(new TcpProbe(checkLoop, server.address()).run(Duration.ofSeconds(2)));
            assertEquals(CheckStatus.L4OK, r.status(), r.describeWithDetail());
        }
    }

    @Test
    void probesAlsoRunOnNioLoops() throws Exception {
        EventLoopGroup nio = new io.netty.channel.nio.NioEventLoopGroup(1);
        try (TestServer server = new TestServer(serverGroup)) {
            assertEquals(
                    CheckStatus.L4OK,
                    await(new TcpProbe(nio.next(), server.address()).run(Duration.ofSeconds(2)))
                            .status());
            assertEquals(
                    CheckStatus.L7OK,
                    await(new HttpProbe(nio, server.address(), HttpCheckSpec.defaults()).run(Duration.ofSeconds(2)))
                            .status());
            assertEquals(
                    CheckStatus.L4CON,
                    await(new TcpProbe(nio, closedPort()).run(Duration.ofSeconds(2)))
                            .status());
        } finally {
            nio.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        }
    }

    @Test
    void refusedConnectIsL4con() throws Exception {
        InetSocketAddress closed = closedPort();
        CheckResult tcp = await(new TcpProbe(checkLoop, closed).run(Duration.ofSeconds(2)));
        assertEquals(CheckStatus.L4CON, tcp.status());
        assertEquals("Connection refused", tcp.detail());
        assertTrue(tcp.describe().matches("L4CON in \\d+ms"), tcp.describe());
        CheckResult http = await(new HttpProbe(checkLoop, closed, HttpCheckSpec.defaults()).run(Duration.ofSeconds(2)));
        assertEquals(CheckStatus.L4CON, http.status());
    }

    @Test
    void connectToAFullBacklogTimesOutWithL4tout() throws Exception {
        // A listener that never accepts: once its accept queue is full the kernel drops further SYNs, so a
        // connect hangs exactly like one to a blackholed server.
        List<Socket> fillers = new ArrayList<>();
        try (ServerSocket blackhole = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            InetSocketAddress addr = new InetSocketAddress(InetAddress.getLoopbackAddress(), blackhole.getLocalPort());
            boolean full = false;
            for (int i = 0; i < 64 && !full; i++) {
                Socket s = new Socket();
                try {
                    s.connect(addr, 200);
                    fillers.add(s);
                } catch (SocketTimeoutException e) {
                    s.close();
                    full = true;
                }
            }
            assertTrue(full, "could not fill the accept queue");
            long t0 = System.nanoTime();
            CheckResult tcp = await(new TcpProbe(checkLoop, addr).run(Duration.ofMillis(300)));
            long tookMs = (System.nanoTime() - t0) / 1_000_000;
            assertEquals(CheckStatus.L4TOUT, tcp.status(), tcp.describeWithDetail());
            assertTrue(tookMs >= 290 && tookMs < 1500, "timed out after " + tookMs + "ms");
            CheckResult http =
                    await(new HttpProbe(checkLoop, addr, HttpCheckSpec.defaults()).run(Duration.ofMillis(300)));
            assertEquals(CheckStatus.L4TOUT, http.status(), http.describeWithDetail());
        } finally {
            for (Socket s : fillers) {
                s.close();
            }
        }
    }

    @Test
    void httpOkIsL7okWithCodeAndTheRequestIsHaproxys() throws Exception {
        try (TestServer server = new TestServer(serverGroup)) {
            CheckResult r = await(
                    new HttpProbe(checkLoop, server.address(), HttpCheckSpec.defaults()).run(Duration.ofSeconds(2)));
            assertEquals(CheckStatus.L7OK, r.status());
            assertEquals(200, r.httpStatus());
            assertTrue(r.describe().matches("L7OK/200 in \\d+ms"), r.describe());
            assertEquals("OPTIONS / HTTP/1.0\r\n\r\n", server.requests.get(0));

            HttpCheckSpec hack = HttpCheckSpec.of("GET", "/health", "HTTP/1.1\r\nHost: www.example.com");
            server.status = 302;
            CheckResult r2 = await(new HttpProbe(checkLoop, server.address(), hack).run(Duration.ofSeconds(2)));
            assertEquals(CheckStatus.L7OK, r2.status(), "3xx passes by default");
            assertEquals("GET /health HTTP/1.1\r\nHost: www.example.com\r\n\r\n", server.requests.get(1));
        }
    }

    @Test
    void wrongStatusIsL7stsWithTheCode() throws Exception {
        try (TestServer server = new TestServer(serverGroup)) {
            server.status = 404;
            CheckResult r = await(
                    new HttpProbe(checkLoop, server.address(), HttpCheckSpec.defaults()).run(Duration.ofSeconds(2)));
            assertEquals(CheckStatus.L7STS, r.status());
            assertEquals(404, r.httpStatus());
            assertTrue(r.describe().startsWith("L7STS/404 in "), r.describe());

            HttpCheckSpec expect404 = HttpCheckSpec.defaults().withExpect(StatusExpectation.exactly(404));
            assertEquals(
                    CheckStatus.L7OK,
                    await(new HttpProbe(checkLoop, server.address(), expect404).run(Duration.ofSeconds(2)))
                            .status());

            HttpCheckSpec disable = HttpCheckSpec.defaults().withDisableOn404(true);
            assertEquals(
                    CheckStatus.L7OKC,
                    await(new HttpProbe(checkLoop, server.address(), disable).run(Duration.ofSeconds(2)))
                            .status());

            server.status = 200;
            HttpCheckSpec expect204 = HttpCheckSpec.defaults().withExpect(StatusExpectation.parseStatus("204"));
            CheckResult r2 = await(new HttpProbe(checkLoop, server.address(), expect204).run(Duration.ofSeconds(2)));
            assertEquals("L7STS/200", r2.describe().substring(0, 9));
        }
    }

    @Test
    void contentRulesMatchTheBody() throws Exception {
        try (TestServer server = new TestServer(serverGroup)) {
            server.body = "status: ALIVE\n";
            HttpCheckSpec alive =
                    HttpCheckSpec.of("GET", "/lbstatus", null).withBodyExpect(BodyExpectation.contains("ALIVE"));
            CheckResult ok = await(new HttpProbe(checkLoop, server.address(), alive).run(Duration.ofSeconds(2)));
            assertEquals(CheckStatus.L7OK, ok.status(), ok.describeWithDetail());
            assertEquals(200, ok.httpStatus());

            server.body = "status: DEAD\n";
            server.sendContentLength = false;
            CheckResult bad = await(new HttpProbe(checkLoop, server.address(), alive).run(Duration.ofSeconds(2)));
            assertEquals(CheckStatus.L7RSP, bad.status(), bad.describeWithDetail());
            assertTrue(bad.detail().contains("string ALIVE"), bad.detail());

            HttpCheckSpec notDead = HttpCheckSpec.defaults()
                    .withBodyExpect(BodyExpectation.regex("D[EA]+D").negated());
            assertEquals(
                    CheckStatus.L7RSP,
                    await(new HttpProbe(checkLoop, server.address(), notDead).run(Duration.ofSeconds(2)))
                            .status());

            // A body rule alone replaces the default 2xx/3xx rule, as in HAProxy; an explicit status rule still
            // applies.
            server.status = 503;
            HttpCheckSpec dead = HttpCheckSpec.defaults().withBodyExpect(BodyExpectation.contains("DEAD"));
            assertEquals(
                    CheckStatus.L7OK,
                    await(new HttpProbe(checkLoop, server.address(), dead).run(Duration.ofSeconds(2)))
                            .status());
            CheckResult sts =
                    await(new HttpProbe(checkLoop, server.address(), dead.withExpect(StatusExpectation.exactly(200)))
                            .run(Duration.ofSeconds(2)));
            assertEquals("L7STS/503", sts.describe().split(" ")[0]);
        }
    }

    @Test
    void garbageAndEmptyResponsesAreL7rsp() throws Exception {
        try (TestServer server = new TestServer(serverGroup)) {
            server.mode = TestServer.Mode.GARBAGE;
            CheckResult r = await(
                    new HttpProbe(checkLoop, server.address(), HttpCheckSpec.defaults()).run(Duration.ofSeconds(2)));
            assertEquals(CheckStatus.L7RSP, r.status(), r.describeWithDetail());
            assertEquals(0, r.httpStatus());
            server.mode = TestServer.Mode.CLOSE;
            CheckResult r2 = await(
                    new HttpProbe(checkLoop, server.address(), HttpCheckSpec.defaults()).run(Duration.ofSeconds(2)));
            assertTrue(r2.status() == CheckStatus.L7RSP || r2.status() == CheckStatus.L4CON, r2.describeWithDetail());
        }
    }

    @Test
    void serverThatNeverAnswersIsL7toutAtTheTimeout() throws Exception {
        try (TestServer server = new TestServer(serverGroup)) {
            server.mode = TestServer.Mode.SILENT;
            long t0 = System.nanoTime();
            CheckResult r = await(
                    new HttpProbe(checkLoop, server.address(), HttpCheckSpec.defaults()).run(Duration.ofMillis(400)));
            long tookMs = (System.nanoTime() - t0) / 1_000_000;
            assertEquals(CheckStatus.L7TOUT, r.status(), r.describeWithDetail());
            assertTrue(tookMs >= 390 && tookMs < 1500, "timed out after " + tookMs + "ms");
            assertTrue(r.duration().toMillis() >= 390, r.describe());
        }
    }
}

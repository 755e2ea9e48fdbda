package dev.hapair.health.probe.tcpcheck;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hapair.health.CheckResult;
import dev.hapair.health.CheckStatus;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@link TcpCheckProbe} against one-connection servers on 127.0.0.1: the engine's outcomes besides the rules'. */
class TcpCheckProbeIT {
    private static EventLoopGroup group;

    @BeforeAll
    static void start() {
        group = new NioEventLoopGroup(1);
    }

    @AfterAll
    static void stop() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }

    interface Script {
        void run(InputStream in, OutputStream out) throws IOException, InterruptedException;
    }

    /** Serves one connection with {@code script}, then closes it; returns the check's result. */
    private static CheckResult check(java.util.List<Step> steps, Duration timeout, Script script) throws Exception {
        try (ServerSocket ss = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread t = new Thread(() -> {
                try (Socket s = ss.accept()) {
                    script.run(s.getInputStream(), s.getOutputStream());
                } catch (Exception ignored) {
                    // the check may close first
                }
            });
            t.start();
            TcpCheckProbe p = new TcpCheckProbe(
                    group,
                    new InetSocketAddress(InetAddress.getLoopbackAddress(), ss.getLocalPort()),
                    new byte[0],
                    null,
                    "test",
                    steps);
            CheckResult r = p.run(timeout).get(10, TimeUnit.SECONDS);
            t.join(5000);
            return r;
        }
    }

    private static void send(OutputStream out, String s) throws IOException {
        out.write(s.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    private static String read(InputStream in, int n) throws IOException {
        return new String(in.readNBytes(n), StandardCharsets.ISO_8859_1);
    }

    @Test
    void smtpExchangeWithTheBannerInPieces() throws Exception {
        String[] got = new String[1];
        CheckResult r = check(SmtpCheck.steps("EHLO example.org"), Duration.ofSeconds(3), (in, out) -> {
            send(out, "22"); // fewer than the 4 bytes the first expect waits for
            Thread.sleep(100);
            send(out, "0 ready\r\n");
            got[0] = read(in, 18);
            send(out, "250-mx.example.org\r\n250 SIZE 1000\r\n");
            Thread.sleep(200);
        });
        assertEquals("EHLO example.org\r\n", got[0]);
        assertEquals(CheckStatus.L7OK, r.status(), r.toString());
        assertEquals(250, r.httpStatus());
        assertEquals("mx.example.org", r.detail());
    }

    @Test
    void emptyResponseNamesTheStep() throws Exception {
        CheckResult r = check(SslHelloCheck.steps(() -> 0), Duration.ofSeconds(3), (in, out) -> read(in, 126));
        assertEquals(CheckStatus.L6RSP, r.status(), r.toString());
        assertEquals("TCPCHK got an empty response at step 2", r.detail());
        // smtp: the banner expect is rule 2, after the explicit connect
        r = check(SmtpCheck.steps("HELO localhost"), Duration.ofSeconds(3), (in, out) -> {});
        assertEquals(CheckStatus.L7RSP, r.status(), r.toString());
        assertEquals("TCPCHK got an empty response at step 2", r.detail());
    }

    @Test
    void redisMismatchIsJudgedWhenTheServerCloses() throws Exception {
        CheckResult r = check(RedisCheck.steps(), Duration.ofSeconds(3), (in, out) -> {
            read(in, 14);
            send(out, "-NOAUTH Authentication required.\r\n");
        });
        assertEquals(CheckStatus.L7STS, r.status(), r.toString());
        assertEquals("-NOAUTH Authentication required.", r.detail());
    }

    @Test
    void timeoutUsesTheWaitingRulesStatus() throws Exception {
        CheckResult r = check(RedisCheck.steps(), Duration.ofMillis(300), (in, out) -> {
            read(in, 14);
            send(out, "-LOADING\r\n"); // no match and no close: HAProxy waits for more until the timeout
            Thread.sleep(800);
        });
        assertEquals(CheckStatus.L7TOUT, r.status(), r.toString());
        r = check(SslHelloCheck.steps(() -> 0), Duration.ofMillis(300), (in, out) -> Thread.sleep(800));
        assertEquals(CheckStatus.L6TOUT, r.status(), r.toString());
    }

    @Test
    void infoIsCutAtHaproxysLength() throws Exception {
        String longLine = "-" + "x".repeat(300) + "\r\n";
        CheckResult r = check(RedisCheck.steps(), Duration.ofSeconds(3), (in, out) -> {
            read(in, 14);
            send(out, longLine);
        });
        assertEquals(127, r.detail().length());
    }

    @Test
    void refusedConnectIsLayer4() throws Exception {
        int port;
        try (ServerSocket ss = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = ss.getLocalPort();
        }
        CheckResult r = new TcpCheckProbe(
                        group,
                        new InetSocketAddress(InetAddress.getLoopbackAddress(), port),
                        new byte[0],
                        null,
                        "t",
                        RedisCheck.steps())
                .run(Duration.ofSeconds(2))
                .get(5, TimeUnit.SECONDS);
        assertEquals(CheckStatus.L4CON, r.status(), r.toString());
    }
}

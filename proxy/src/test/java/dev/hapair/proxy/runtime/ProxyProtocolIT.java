package dev.hapair.proxy.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hapair.proxy.backend.ServerRuntime;
import dev.hapair.proxy.config.HaproxyConfigLoader;
import dev.hapair.proxy.testing.NginxServer;
import dev.hapair.proxy.testing.TestHttpBackend;
import dev.hapair.testkit.Prerequisites;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The PROXY protocol against the installed HAProxy, both ways: HAProxy ({@code send-proxy}, {@code
 * send-proxy-v2}) in front of hapair ({@code accept-proxy}, {@code expect-proxy layer4}), and hapair ({@code
 * send-proxy-v2} in tcp mode, {@code send-proxy} in http mode, with PROXY health checks) in front of HAProxy
 * ({@code accept-proxy}). Clients connect from their own loopback address (127.0.0.3...), which must be the
 * address the web server finally sees in {@code X-Forwarded-For}.
 */
class ProxyProtocolIT {
    @TempDir
    static Path dir;

    static TestHttpBackend web;
    static ProxyDaemon hapair;
    static Process haproxy;
    static int haproxyV1;
    static int haproxyV2;
    static int haproxyToExpect;
    static int haproxyAcceptProxy;
    static int hapairAcceptProxy;
    static int hapairExpect;
    static int hapairTcpV2;
    static int hapairHttpV1;

    @BeforeAll
    static void start() throws Exception {
        Prerequisites.assumeCommands("haproxy");
        web = new TestHttpBackend("web");
        haproxyV1 = NginxServer.freePort();
        haproxyV2 = NginxServer.freePort();
        haproxyToExpect = NginxServer.freePort();
        haproxyAcceptProxy = NginxServer.freePort();
        hapairAcceptProxy = NginxServer.freePort();
        hapairExpect = NginxServer.freePort();
        hapairTcpV2 = NginxServer.freePort();
        hapairHttpV1 = NginxServer.freePort();
        String defaults = "defaults\n  timeout connect 2s\n  timeout client 10s\n  timeout server 10s\n";
        String haproxyCfg = defaults
                + "frontend in_v1\n  mode tcp\n  bind 127.0.0.1:" + haproxyV1 + "\n  default_backend hapair_v1\n"
                + "frontend in_v2\n  mode tcp\n  bind 127.0.0.1:" + haproxyV2 + "\n  default_backend hapair_v2\n"
                + "frontend in_ex\n  mode tcp\n  bind 127.0.0.1:" + haproxyToExpect + "\n  default_backend hapair_ex\n"
                + "backend hapair_v1\n  mode tcp\n  server h 127.0.0.1:" + hapairAcceptProxy + " send-proxy\n"
                + "backend hapair_v2\n  mode tcp\n  server h 127.0.0.1:" + hapairAcceptProxy + " send-proxy-v2\n"
                + "backend hapair_ex\n  mode tcp\n  server h 127.0.0.1:" + hapairExpect + " send-proxy-v2\n"
                + "frontend pp\n  mode http\n  bind 127.0.0.1:" + haproxyAcceptProxy + " accept-proxy\n"
                + "  option forwardfor\n"
                // hapair's PROXY health checks are answered here, so they never overwrite the web server's record
                + "  http-request return status 200 if { path /check }\n  default_backend web\n"
                + "backend web\n  mode http\n  server w 127.0.0.1:" + web.port() + "\n";
        Path hc = dir.resolve("haproxy.cfg");
        Files.writeString(hc, haproxyCfg);
        haproxy = new ProcessBuilder("haproxy", "-db", "-f", hc.toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("haproxy.log").toFile())
                .start();
        String hapairCfg = defaults
                + "frontend pp\n  mode http\n  bind 127.0.0.1:" + hapairAcceptProxy + " accept-proxy\n"
                + "  option forwardfor\n  default_backend web\n"
                + "frontend ex\n  mode http\n  bind 127.0.0.1:" + hapairExpect + "\n"
                + "  tcp-request connection expect-proxy layer4 if { src 127.0.0.1 }\n"
                + "  option forwardfor\n  default_backend web\n"
                + "frontend out_tcp\n  mode tcp\n  bind 127.0.0.1:" + hapairTcpV2 + "\n  default_backend haproxy_v2\n"
                + "frontend out_http\n  mode http\n  bind 127.0.0.1:" + hapairHttpV1
                + "\n  default_backend haproxy_v1\n"
                + "backend haproxy_v2\n  mode tcp\n"
                + "  server hp 127.0.0.1:" + haproxyAcceptProxy + " send-proxy-v2 check inter 200 fall 1 rise 1\n"
                + "backend haproxy_v1\n  mode http\n  option httpchk GET /check\n"
                + "  server hp 127.0.0.1:" + haproxyAcceptProxy + " send-proxy check inter 200 fall 1 rise 1\n"
                + "backend web\n  mode http\n  server w 127.0.0.1:" + web.port() + "\n";
        Path pc = dir.resolve("hapair.cfg");
        Files.writeString(pc, hapairCfg);
        hapair = ProxyDaemon.start(new HaproxyConfigLoader().load(pc), Optional.empty(), System.err);
        awaitListening(haproxyAcceptProxy);
        awaitListening(haproxyV1);
    }

    @AfterAll
    static void stop() throws Exception {
        if (hapair != null) hapair.stop(java.time.Duration.ZERO);
        if (haproxy != null) {
            haproxy.destroy();
            if (!haproxy.waitFor(10, TimeUnit.SECONDS)) haproxy.destroyForcibly();
        }
        if (web != null) web.close();
    }

    private static void awaitListening(int port) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (true) {
            try (Socket s = new Socket("127.0.0.1", port)) {
                return;
            } catch (java.io.IOException e) {
                if (System.nanoTime() > end || !haproxy.isAlive())
                    throw new AssertionError(
                            "haproxy not listening on " + port + ":\n" + Files.readString(dir.resolve("haproxy.log")));
                Thread.sleep(50);
            }
        }
    }

    /** A request from {@code source} (a loopback address) to {@code port}; the whole reply. */
    private static String request(String source, int port, String path) throws Exception {
        try (Socket s = new Socket()) {
            s.bind(new InetSocketAddress(source, 0));
            s.connect(new InetSocketAddress("127.0.0.1", port));
            s.setSoTimeout(10_000);
            s.getOutputStream()
                    .write(("GET " + path + " HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
            InputStream in = s.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    @Test
    void haproxySendProxyV1ToHapairAcceptProxy() throws Exception {
        String reply = request("127.0.0.3", haproxyV1, "/v1");
        assertTrue(reply.startsWith("HTTP/1.1 200"), reply);
        assertEquals("127.0.0.3", web.lastHeaders.get("x-forwarded-for"));
    }

    @Test
    void haproxySendProxyV2ToHapairAcceptProxy() throws Exception {
        String reply = request("127.0.0.4", haproxyV2, "/v2");
        assertTrue(reply.startsWith("HTTP/1.1 200"), reply);
        assertEquals("127.0.0.4", web.lastHeaders.get("x-forwarded-for"));
    }

    @Test
    void expectProxyOnlyForTheTrustedSource() throws Exception {
        String viaHaproxy = request("127.0.0.5", haproxyToExpect, "/ex");
        assertTrue(viaHaproxy.startsWith("HTTP/1.1 200"), viaHaproxy);
        assertEquals("127.0.0.5", web.lastHeaders.get("x-forwarded-for"));
        String direct = request("127.0.0.6", hapairExpect, "/direct");
        assertTrue(direct.startsWith("HTTP/1.1 200"), direct);
        assertEquals("127.0.0.6", web.lastHeaders.get("x-forwarded-for"), "no header expected from 127.0.0.6");
    }

    @Test
    void aConnectionWithoutHeaderIsClosedOnAcceptProxy() throws Exception {
        long before = hapair.runtime().frontend("pp").counters().requestErrors();
        assertEquals("", request("127.0.0.7", hapairAcceptProxy, "/nohdr"));
        assertEquals(before + 1, hapair.runtime().frontend("pp").counters().requestErrors());
    }

    @Test
    void hapairSendProxyV2InTcpModeToHaproxyAcceptProxy() throws Exception {
        awaitCheck("haproxy_v2", "L4OK");
        String reply = request("127.0.0.8", hapairTcpV2, "/tcp");
        assertTrue(reply.startsWith("HTTP/1.1 200"), reply);
        assertEquals("127.0.0.8", web.lastHeaders.get("x-forwarded-for"));
    }

    @Test
    void hapairSendProxyInHttpModeToHaproxyAcceptProxyWithProxyHttpChecks() throws Exception {
        awaitCheck("haproxy_v1", "L7OK");
        String reply = request("127.0.0.9", hapairHttpV1, "/http");
        assertTrue(reply.startsWith("HTTP/1.1 200"), reply);
        assertEquals("127.0.0.9", web.lastHeaders.get("x-forwarded-for"));
        // a second request: a new server connection with its own header (never a connection of another client)
        String again = request("127.0.0.10", hapairHttpV1, "/http2");
        assertTrue(again.startsWith("HTTP/1.1 200"), again);
        assertEquals("127.0.0.10", web.lastHeaders.get("x-forwarded-for"));
    }

    /** The server's check reached {@code status} through HAProxy's accept-proxy listener (LOCAL / UNKNOWN header). */
    private static void awaitCheck(String backend, String status) throws Exception {
        ServerRuntime s = hapair.runtime().backend(backend).server("hp");
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (!status.equals(s.lastCheck().status())) {
            if (System.nanoTime() > end)
                throw new AssertionError(
                        backend + " check: " + s.lastCheck() + "\n" + Files.readString(dir.resolve("haproxy.log")));
            Thread.sleep(50);
        }
    }
}

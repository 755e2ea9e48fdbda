package dev.hapair.proxy.h2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hapair.proxy.testing.NginxServer;
import dev.hapair.proxy.testing.ProxyProcess;
import dev.hapair.proxy.testing.TestHttpBackend;
import dev.hapair.proxy.tls.TestCerts;
import dev.hapair.testkit.Prerequisites;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code server ... proto h2} and {@code server ... ssl alpn h2} against a real hapair-proxy process whose own
 * HTTP/2 frontends ({@code bind ... proto h2}, TLS with ALPN h2) are the HTTP/2 servers: HTTP/1.1 clients'
 * requests reach the origin through an HTTP/2 hop, bodies both ways, and the hop's connections are shared (a
 * counting relay in front of the h2c frontend sees a handful of connections for hundreds of requests).
 */
class H2ServerIT {
    @TempDir
    static Path dir;

    static TestHttpBackend backend;
    static Process proxy;
    static Relay relay;
    static int front;
    static int frontTls;

    private record Run(int exit, String out) {}

    /** Accepts on an ephemeral port and pipes each connection to {@code target}, counting connections. */
    static final class Relay implements AutoCloseable {
        final ServerSocket server = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
        final AtomicInteger accepted = new AtomicInteger();
        private final Thread acceptor;

        Relay(int target) throws IOException {
            acceptor = new Thread(() -> {
                while (!server.isClosed()) {
                    try {
                        Socket in = server.accept();
                        accepted.incrementAndGet();
                        Socket out = new Socket("127.0.0.1", target);
                        pipe(in, out);
                        pipe(out, in);
                    } catch (IOException e) {
                        return;
                    }
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
        }

        private static void pipe(Socket from, Socket to) {
            Thread t = new Thread(() -> {
                try (InputStream i = from.getInputStream();
                        OutputStream o = to.getOutputStream()) {
                    i.transferTo(o);
                } catch (IOException ignored) {
                    // one side closed
                } finally {
                    try {
                        from.close();
                        to.close();
                    } catch (IOException ignored) {
                        // already closed
                    }
                }
            });
            t.setDaemon(true);
            t.start();
        }

        int port() {
            return server.getLocalPort();
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }

    @BeforeAll
    static void start() throws Exception {
        Prerequisites.assumeCommands("openssl", "curl", "h2load");
        new TestCerts(dir).bundle("a", "a.test", "a.test");
        backend = new TestHttpBackend("web");
        int[] ports = NginxServer.freePorts(4); // distinct: two equal ports made a frontend fail to bind in CI
        int h2c = ports[0];
        int h2tls = ports[1];
        front = ports[2];
        frontTls = ports[3];
        relay = new Relay(h2c);
        Path cfg = Files.writeString(
                dir.resolve("p.cfg"),
                String.join(
                        "\n",
                        "global",
                        "    crt-base " + dir,
                        "defaults",
                        "    mode http",
                        "    timeout connect 2s",
                        "    timeout client 10s",
                        "    timeout server 10s",
                        "frontend edge",
                        "    bind 127.0.0.1:" + front,
                        "    default_backend via_h2c",
                        "frontend edge_tls",
                        "    bind 127.0.0.1:" + frontTls,
                        "    default_backend via_h2_tls",
                        "backend via_h2c",
                        "    server inner 127.0.0.1:" + relay.port() + " proto h2",
                        "backend via_h2_tls",
                        "    server inner 127.0.0.1:" + h2tls + " ssl verify none alpn h2",
                        "    http-response set-header X-Bc %[ssl_bc_alpn],%[ssl_bc_protocol],%[ssl_bc_cipher]",
                        "frontend inner",
                        "    bind 127.0.0.1:" + h2c + " proto h2",
                        "    bind 127.0.0.1:" + h2tls + " ssl crt a.pem alpn h2",
                        "    http-request set-header X-Hop-Alpn %[ssl_fc_alpn] if { ssl_fc }",
                        "    http-request set-header X-Hop-Version %[req.ver]",
                        "    default_backend origin",
                        "backend origin",
                        "    server s1 127.0.0.1:" + backend.port(),
                        ""));
        proxy = ProxyProcess.checkAndStart(cfg, dir.resolve("out.log"));
    }

    @AfterAll
    static void stop() throws Exception {
        if (proxy != null) {
            proxy.destroy();
            if (!proxy.waitFor(10, TimeUnit.SECONDS)) proxy.destroyForcibly();
        }
        if (relay != null) relay.close();
        if (backend != null) backend.close();
    }

    private static Run run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        p.getOutputStream().close();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (InputStream in = p.getInputStream()) {
            in.transferTo(out);
        }
        assertTrue(p.waitFor(90, TimeUnit.SECONDS), "timed out: " + String.join(" ", cmd));
        return new Run(p.exitValue(), out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void http11ClientsReachTheOriginThroughAnH2cHop() throws Exception {
        Run r = run("curl", "-sS", "-w", "|%{http_code}", "http://127.0.0.1:" + front + "/x");
        assertEquals(new Run(0, "web\n|200"), r);
        Run h = run("curl", "-sS", "http://127.0.0.1:" + front + "/headers");
        assertEquals(0, h.exit(), h.out());
        assertEquals("2.0", backend.lastHeaders.get("x-hop-version"), h.out());
    }

    @Test
    void bodiesCrossTheHopWithAndWithoutALength() throws Exception {
        Path body = Files.write(dir.resolve("body.bin"), new byte[300_000]);
        Run withLength = run(
                "curl",
                "-sS",
                "--data-binary",
                "@" + body,
                "-o",
                dir.resolve("echo1").toString(),
                "-w",
                "%{http_code}",
                "http://127.0.0.1:" + front + "/echo");
        assertEquals(new Run(0, "200"), withLength);
        assertEquals(300_000, Files.size(dir.resolve("echo1")), "the echoed (chunked) body came back whole");
        Run chunked = run(
                "curl",
                "-sS",
                "-H",
                "Transfer-Encoding: chunked",
                "--data-binary",
                "@" + body,
                "-o",
                dir.resolve("echo2").toString(),
                "-w",
                "%{http_code}",
                "http://127.0.0.1:" + front + "/echo");
        assertEquals(new Run(0, "200"), chunked);
        assertEquals(300_000, Files.size(dir.resolve("echo2")));
    }

    @Test
    void theHopsConnectionsAreSharedByManyRequests() throws Exception {
        int before = relay.accepted.get();
        Run r = run("h2load", "--h1", "-n", "400", "-c", "8", "http://127.0.0.1:" + front + "/x");
        assertEquals(0, r.exit(), r.out());
        assertTrue(r.out().contains("400 succeeded, 0 failed"), r.out());
        int opened = relay.accepted.get() - before;
        // one connection per event loop is enough; without multiplexing each request would need its own
        assertTrue(opened >= 1 && opened <= 16, "HTTP/2 connections opened for 400 requests: " + opened);
    }

    @Test
    void tlsServersSpeakH2ChosenByAlpn() throws Exception {
        Run r = run("curl", "-sS", "-D", "-", "-w", "|%{http_code}", "http://127.0.0.1:" + frontTls + "/headers");
        assertEquals(0, r.exit(), r.out());
        assertTrue(r.out().endsWith("|200"), r.out());
        assertEquals("h2", backend.lastHeaders.get("x-hop-alpn"), r.out());
        // ssl_bc_*: what the TLS connection to the server negotiated, read from the stream's connection
        assertTrue(
                java.util.regex.Pattern.compile("(?im)^x-bc: h2,TLSv1\\.3,TLS_[A-Z0-9_]+$")
                        .matcher(r.out())
                        .find(),
                r.out());
        assertEquals("2.0", backend.lastHeaders.get("x-hop-version"), r.out());
    }

    @Test
    void listedProtocolsNotBuiltAreRefusedAtCheck() throws Exception {
        for (String server : List.of(
                "server s 127.0.0.1:1 ssl verify none alpn h2,http/1.1 proto h1", "server s 127.0.0.1:1 proto h3")) {
            Path cfg = Files.writeString(
                    dir.resolve("bad.cfg"),
                    String.join("\n", "defaults", "    mode http", "backend b", "    " + server, ""));
            Run check = run(ProxyProcess.launcher().toString(), "-c", "-f", cfg.toString());
            assertEquals(1, check.exit(), server + ": " + check.out());
            assertTrue(check.out().contains("bad.cfg:4"), server + ": " + check.out());
        }
    }
}

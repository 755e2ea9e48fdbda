package dev.hapair.proxy.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hapair.proxy.testing.NginxServer;
import dev.hapair.proxy.testing.RawHttpClient;
import dev.hapair.proxy.testing.TestHttpBackend;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shaded jar as operators run it: {@code -db -f FILE}, pid file, traffic, graceful SIGTERM. */
class ProxyMainIT {
    @TempDir
    Path dir;

    private static Path jar() {
        Path p = Path.of("target/hapair-proxy.jar");
        if (!Files.isRegularFile(p)) p = Path.of("proxy/target/hapair-proxy.jar");
        assertTrue(Files.isRegularFile(p), "shaded jar missing: run mvn verify (package precedes integration tests)");
        return p;
    }

    private static void awaitPort(int port, Process p) throws Exception {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < until) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
                return;
            } catch (IOException e) {
                if (!p.isAlive()) throw new AssertionError("proxy exited with " + p.exitValue());
                Thread.sleep(50);
            }
        }
        throw new AssertionError("proxy never listened on " + port);
    }

    @Test
    void foregroundServesWritesPidfileAndStopsGracefullyOnSigterm() throws Exception {
        try (TestHttpBackend backend = new TestHttpBackend("web1")) {
            int port = NginxServer.freePort();
            Path pid = dir.resolve("hapair.pid");
            Path cfg = Files.writeString(
                    dir.resolve("p.cfg"),
                    String.join(
                            "\n",
                            "global",
                            "    pidfile " + pid,
                            "    nbthread 2",
                            "    log stdout local0",
                            "defaults",
                            "    mode http",
                            "    log global",
                            "    option httplog",
                            "    timeout connect 1s",
                            "    timeout client 5s",
                            "    timeout server 5s",
                            "frontend web",
                            "    bind 127.0.0.1:" + port,
                            "    default_backend app",
                            "backend app",
                            "    server web1 127.0.0.1:" + backend.port() + " check inter 500ms",
                            ""));
            Process p = new ProcessBuilder("java", "-Xmx128m", "-jar", jar().toString(), "-db", "-f", cfg.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("out.log").toFile())
                    .start();
            try {
                awaitPort(port, p);
                // the pidfile follows the bind (as HAProxy's does): give a loaded machine a moment
                for (int i = 0; i < 100 && !Files.exists(pid); i++) Thread.sleep(50);
                assertEquals(p.pid() + "\n", Files.readString(pid), "pidfile written in the foreground");
                try (RawHttpClient c = new RawHttpClient(port)) {
                    assertEquals("web1\n", c.get("/hello").bodyText());
                }
                p.destroy(); // SIGTERM
                assertTrue(p.waitFor(20, TimeUnit.SECONDS), "stops on SIGTERM");
                assertFalse(Files.exists(pid), "pidfile removed on stop");
                String out = Files.readString(dir.resolve("out.log"));
                assertTrue(out.contains("web app/web1 ") && out.contains("\"GET /hello HTTP/1.1\""), out);
            } finally {
                p.destroyForcibly();
            }
        }
    }

    @Test
    void demoConfigIsEmbeddedAndValid() throws Exception {
        Process p = new ProcessBuilder("java", "-jar", jar().toString(), "-c", "--demo-config")
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("Configuration file is valid"), out);
    }

    @Test
    void bindFailureIsReportedAndExitsNonZero() throws Exception {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Path cfg = Files.writeString(
                    dir.resolve("b.cfg"),
                    String.join(
                            "\n",
                            "defaults",
                            "    mode tcp",
                            "    timeout connect 1s",
                            "    timeout client 5s",
                            "    timeout server 5s",
                            "listen l",
                            "    bind 127.0.0.1:" + taken.getLocalPort(),
                            "    server s 127.0.0.1:9",
                            ""));
            Process p = new ProcessBuilder("java", "-jar", jar().toString(), "-db", "-f", cfg.toString())
                    .redirectErrorStream(true)
                    .start();
            String out = new String(p.getInputStream().readAllBytes());
            assertTrue(p.waitFor(30, TimeUnit.SECONDS));
            assertEquals(1, p.exitValue(), out);
            // HAProxy's wording, plus where: file:line of the bind, the frontend, the address
            assertTrue(
                    out.contains(
                            cfg + ":7: Starting frontend l: cannot bind socket (Address already in use) [127.0.0.1:"
                                    + taken.getLocalPort() + "]"),
                    out);
        }
    }
}

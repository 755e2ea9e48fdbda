package dev.hapair.proxy.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hapair.proxy.testing.ProxyProcess;
import dev.hapair.testkit.Prerequisites;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Log-based alerting written for HAProxy keeps working: hapair-proxy and the installed HAProxy run the same
 * backend with the same checks, each logging to its own syslog listener on loopback; the server goes away and
 * comes back, and both must send the same lines at the same syslog priorities (check durations aside).
 */
class ServerEventsSyslogIT {
    @TempDir
    Path dir;

    @BeforeAll
    static void haproxyInstalled() {
        Prerequisites.assumeCommands("haproxy");
    }

    /** A syslog receiver on a loopback UDP port: keeps every message, minus the date and the tag. */
    static final class SyslogListener implements AutoCloseable {
        final DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        final List<String> lines = Collections.synchronizedList(new ArrayList<>());
        final Thread reader = new Thread(this::read, "syslog-listener");

        SyslogListener() throws SocketException {
            reader.setDaemon(true);
            reader.start();
        }

        int port() {
            return socket.getLocalPort();
        }

        private void read() {
            byte[] buf = new byte[8192];
            while (!socket.isClosed()) {
                DatagramPacket p = new DatagramPacket(buf, buf.length);
                try {
                    socket.receive(p);
                } catch (IOException e) {
                    return;
                }
                String m = new String(p.getData(), 0, p.getLength(), StandardCharsets.UTF_8).strip();
                // "<129>Dec  6 04:04:46 haproxy[123]: text" -> "<129> text", durations normalised
                String pri = m.substring(0, m.indexOf('>') + 1);
                String text =
                        m.substring(m.indexOf("]: ") + 3).replaceAll("check duration: \\d+ms", "check duration: Nms");
                lines.add(pri + " " + text);
            }
        }

        boolean await(Predicate<List<String>> p, long millis) throws InterruptedException {
            long deadline = System.currentTimeMillis() + millis;
            while (System.currentTimeMillis() < deadline) {
                synchronized (lines) {
                    if (p.test(lines)) return true;
                }
                Thread.sleep(50);
            }
            return false;
        }

        @Override
        public void close() {
            socket.close();
        }
    }

    /** An HTTP server that can be stopped and started again on the same port. */
    static final class Backend implements AutoCloseable {
        final int port;
        volatile ServerSocket socket;
        /** Checks answered, by request path (each proxy checks its own path). */
        final java.util.Map<String, java.util.concurrent.atomic.AtomicInteger> answered =
                new java.util.concurrent.ConcurrentHashMap<>();

        Backend() throws IOException {
            try (ServerSocket probe = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
                port = probe.getLocalPort();
            }
            start();
        }

        void start() throws IOException {
            ServerSocket s = new ServerSocket();
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            socket = s;
            Thread t = new Thread(() -> serve(s, answered), "backend-" + port);
            t.setDaemon(true);
            t.start();
        }

        private static void serve(
                ServerSocket s, java.util.Map<String, java.util.concurrent.atomic.AtomicInteger> answered) {
            while (!s.isClosed()) {
                try (Socket c = s.accept()) {
                    c.setSoTimeout(2000);
                    InputStream in = c.getInputStream();
                    byte[] b = new byte[4096];
                    int n;
                    try {
                        n = in.read(b);
                    } catch (SocketTimeoutException e) {
                        continue;
                    }
                    String[] requestLine =
                            new String(b, 0, Math.max(0, n), StandardCharsets.US_ASCII).split("\r\n", 2)[0].split(" ");
                    OutputStream out = c.getOutputStream();
                    out.write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok"
                            .getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    if (requestLine.length > 1) {
                        answered.computeIfAbsent(requestLine[1], k -> new java.util.concurrent.atomic.AtomicInteger())
                                .incrementAndGet();
                    }
                } catch (IOException e) {
                    // closed by stop(), or a check that hung up early
                }
            }
        }

        void stop() throws IOException {
            socket.close();
        }

        @Override
        public void close() throws IOException {
            stop();
        }
    }

    private static int answeredChecks(Backend b, String path) {
        var n = b.answered.get(path);
        return n == null ? 0 : n.get();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private Path config(String name, int syslogPort, int backendPort, String... backendLines) throws IOException {
        return Files.writeString(
                dir.resolve(name + ".cfg"), config(name, "127.0.0.1:" + syslogPort, backendPort, backendLines));
    }

    /**
     * One checked server logged to {@code logTarget}; each proxy checks its own path ({@code /<name>}), so its
     * checks are counted apart.
     */
    static String config(String name, String logTarget, int backendPort, String... backendLines) throws IOException {
        return String.join(
                "\n",
                String.join(
                        "\n",
                        "global",
                        "    log " + logTarget + " local0",
                        "defaults",
                        "    mode http",
                        "    log global",
                        "    timeout connect 1s",
                        "    timeout client 5s",
                        "    timeout server 5s",
                        // a loaded machine answers slowly: only the stopped server may fail a check
                        "    timeout check 5s",
                        "frontend fe", // HAProxy refuses to run without a listener
                        "    bind 127.0.0.1:" + freePort(),
                        "    default_backend bk",
                        "backend bk",
                        "    option httpchk GET /" + name),
                String.join("\n", backendLines),
                "    server s1 127.0.0.1:" + backendPort + " check inter 200 fall 2 rise 2",
                "");
    }

    private static Process start(Path log, String... command) throws IOException {
        return new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
    }

    /**
     * Both proxies on one backend, each with {@code backendLines} added, logging to their own listener: both
     * start, the server goes away (until both say the backend has no server) and comes back (until both say it is
     * UP). Asserts the two proxies logged the same lines; returns HAProxy's, the reference.
     *
     * @param quietWhileUp assert that hapair logged nothing while the server stayed up
     */
    private List<String> outageSideBySide(boolean quietWhileUp, String... backendLines) throws Exception {
        Path launcher = Path.of("../bin/hapair-proxy").toAbsolutePath().normalize();
        try (Backend backend = new Backend();
                SyslogListener ours = new SyslogListener();
                SyslogListener theirs = new SyslogListener()) {
            Process hapair = start(
                    dir.resolve("hapair.log"),
                    launcher.toString(),
                    "-db",
                    "-f",
                    config("hapair", ours.port(), backend.port, backendLines).toString());
            Process haproxy = start(
                    dir.resolve("haproxy.log"),
                    "haproxy",
                    "-db",
                    "-f",
                    config("haproxy", theirs.port(), backend.port, backendLines).toString());
            try {
                ProxyProcess.awaitStarted(dir.resolve("hapair.log"), hapair);
                // Wait for more passed checks of each than fall and rise together (2 + 2): had any check failed or
                // the server state moved, an event would be logged by now
                int passed = 0;
                for (int i = 0; i < 600 && (passed = answeredChecks(backend, "/hapair")) < 6; i++) Thread.sleep(50);
                assertTrue(passed >= 6, "hapair's checks answered: " + passed);
                for (int i = 0; i < 100 && answeredChecks(backend, "/haproxy") < 6; i++) Thread.sleep(50);
                if (quietWhileUp) assertEquals(List.of(), ours.lines, "no event while the server stays up");
                backend.stop();
                Predicate<List<String>> noServer = l -> l.stream().anyMatch(s -> s.contains("has no server available"));
                assertTrue(theirs.await(noServer, 10_000), "haproxy: " + theirs.lines);
                assertTrue(
                        ours.await(noServer, 10_000),
                        "hapair: " + ours.lines + "\n" + Files.readString(dir.resolve("hapair.log")));
                backend.start();
                Predicate<List<String>> up = l -> l.stream().anyMatch(s -> s.contains("is UP"));
                assertTrue(theirs.await(up, 10_000), "haproxy: " + theirs.lines);
                assertTrue(ours.await(up, 10_000), "hapair: " + ours.lines);
                Thread.sleep(300);
                assertEquals(theirs.lines, ours.lines);
                return List.copyOf(theirs.lines);
            } finally {
                hapair.destroy();
                haproxy.destroy();
                hapair.waitFor(10, TimeUnit.SECONDS);
                haproxy.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    /**
     * option log-health-checks and an http-check send merged into the option line's request, side by side: every
     * check that moves the rise/fall counter is logged, in the same words and at the same priority as HAProxy's,
     * and the state changes then carry no reason.
     */
    @Test
    void logHealthChecksSameLinesAsHaproxy() throws Exception {
        List<String> reference = outageSideBySide(
                false, "    option log-health-checks", "    http-check send hdr Host checks.example body ping");
        assertEquals(
                List.of(
                        "<133> Health check for server bk/s1 succeeded, reason: Layer7 check passed, code: 200,"
                                + " check duration: Nms, status: 2/2 UP.",
                        "<133> Health check for server bk/s1 failed, reason: Layer4 connection problem, info:"
                                + " \"Connection refused\", check duration: Nms, status: 1/2 UP.",
                        "<133> Health check for server bk/s1 failed, reason: Layer4 connection problem, info:"
                                + " \"Connection refused\", check duration: Nms, status: 0/2 DOWN.",
                        "<129> Server bk/s1 is DOWN. 0 active and 0 backup servers left. 0 sessions active,"
                                + " 0 requeued, 0 remaining in queue.",
                        "<128> backend bk has no server available!",
                        "<133> Health check for server bk/s1 succeeded, reason: Layer7 check passed, code: 200,"
                                + " check duration: Nms, status: 1/2 DOWN.",
                        "<133> Health check for server bk/s1 succeeded, reason: Layer7 check passed, code: 200,"
                                + " check duration: Nms, status: 2/2 UP.",
                        "<133> Server bk/s1 is UP. 1 active and 0 backup servers online. 0 sessions requeued,"
                                + " 0 total in queue."),
                reference,
                "HAProxy itself (the reference)");
    }

    @Test
    void sameLinesAsHaproxyWhenAServerGoesDownAndComesBack() throws Exception {
        List<String> reference = outageSideBySide(true);
        assertEquals(
                List.of(
                        "<129> Server bk/s1 is DOWN, reason: Layer4 connection problem, info: \"Connection refused\","
                                + " check duration: Nms. 0 active and 0 backup servers left. 0 sessions active,"
                                + " 0 requeued, 0 remaining in queue.",
                        "<128> backend bk has no server available!",
                        "<133> Server bk/s1 is UP, reason: Layer7 check passed, code: 200, check duration: Nms."
                                + " 1 active and 0 backup servers online. 0 sessions requeued, 0 total in queue."),
                reference,
                "HAProxy itself (the reference)");
    }
}

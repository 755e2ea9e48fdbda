package dev.hapair.proxy.h2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hapair.proxy.testing.ProxyProcess;
import dev.hapair.proxy.tls.TestCerts;
import dev.hapair.testkit.Prerequisites;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * HTTP/2 side by side with the installed HAProxy (Debian's 2.6): the same raw frames ({@code
 * h2/differential-corpus.txt}: RFC 9113 section 8 messages, section 5-6 frames, HPACK errors) go over h2c with
 * prior knowledge (and, for the cases marked {@code tls}, over TLS with ALPN h2 as well) to HAProxy and to a
 * hapair process, the same configuration, each with its own recording HTTP/1 server ({@link H1Recorder}).
 *
 * <p>Compared: what each server received, and what each client got ({@link H2Exchange}: statuses, RST_STREAM
 * codes, GOAWAY code and last stream id, the connection closed or still serving a new stream). hapair must
 * never forward a request HAProxy refuses, nor a different one; where it refuses one HAProxy forwards, the case
 * is marked {@code stricter}; where it forwards one HAProxy refuses against RFC 9113 (HAProxy's error), {@code
 * laxer}; where what the client gets differs on purpose, {@code differs} (the comment above
 * the case says why; README.md's deliberate differences list them). The marks must be exact: a marked case
 * that no longer differs fails too.
 */
class H2DifferentialIT {
    @TempDir
    static Path dir;

    private static H1Recorder haproxyServer;
    private static H1Recorder hapairServer;
    private static Process haproxy;
    private static Process hapair;
    private static final int[] HAPROXY = new int[2];
    private static final int[] HAPAIR = new int[2];

    /** The configuration both proxies run: {@code %1$d} h2c port, {@code %2$d} TLS port, {@code %3$d} server. */
    static String config(String global, String certDir) {
        return String.join(
                "\n",
                "global",
                global,
                "defaults",
                "    mode http",
                "    timeout connect 1s",
                "    timeout client 5s",
                "    timeout server 3s",
                "frontend fe",
                "    bind 127.0.0.1:%1$d proto h2",
                "    bind 127.0.0.1:%2$d ssl crt " + certDir + "/a.pem alpn h2",
                "    default_backend be",
                "backend be",
                "    server s1 127.0.0.1:%3$d",
                "");
    }

    @BeforeAll
    static void start() throws Exception {
        Prerequisites.assumeCommands("haproxy", "openssl");
        new TestCerts(dir).bundle("a", "a.test", "a.test");
        haproxyServer = new H1Recorder();
        hapairServer = new H1Recorder();
        String cfg = config("", dir.toString());
        for (int i = 0; i < 2; i++) {
            HAPROXY[i] = freePort();
            HAPAIR[i] = freePort();
        }
        haproxy = startHaproxy(dir, cfg.formatted(HAPROXY[0], HAPROXY[1], haproxyServer.port()));
        hapair = ProxyProcess.checkAndStart(
                Files.writeString(dir.resolve("hapair.cfg"), cfg.formatted(HAPAIR[0], HAPAIR[1], hapairServer.port())),
                dir.resolve("hapair.log"));
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** Checks and starts haproxy on {@code cfg} in the foreground; waits for its first port. */
    static Process startHaproxy(Path dir, String cfg) throws Exception {
        Path file = Files.writeString(dir.resolve("haproxy-" + System.nanoTime() + ".cfg"), cfg);
        String bin = Prerequisites.findCommand("haproxy").orElseThrow().toString();
        Process check = new ProcessBuilder(bin, "-c", "-f", file.toString())
                .redirectErrorStream(true)
                .start();
        String out = new String(check.getInputStream().readAllBytes());
        assertTrue(check.waitFor(30, TimeUnit.SECONDS) && check.exitValue() == 0, "haproxy -c: " + out);
        Process p = new ProcessBuilder(bin, "-db", "-f", file.toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("haproxy.log").toFile())
                .start();
        int port = Integer.parseInt(cfg.replaceAll("(?s).*?bind 127\\.0\\.0\\.1:(\\d+).*", "$1"));
        ProxyProcess.awaitPort(port, 10);
        return p;
    }

    static void stop(Process p) throws InterruptedException {
        if (p == null) return;
        p.destroy();
        if (!p.waitFor(10, TimeUnit.SECONDS)) p.destroyForcibly();
    }

    @AfterAll
    static void stopAll() throws Exception {
        stop(haproxy);
        stop(hapair);
        if (haproxyServer != null) haproxyServer.close();
        if (hapairServer != null) hapairServer.close();
    }

    /** What one case gave through one proxy. */
    record Seen(List<String> server, List<String> client) {}

    private static Seen through(int port, boolean tls, H1Recorder server, H2Script.Case c) {
        H2Exchange.Outcome o = H2Exchange.run(port, tls, c.bytes(), c.maxStream());
        try {
            Thread.sleep(50); // the recorder finishes with what the proxy sent last
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // the probe's request is the client's, not the case's; a websocket key is random
        List<String> seen = server.takeSeen().stream()
                .filter(r -> !r.startsWith("GET /probe "))
                .map(r -> r.replaceAll("sec-websocket-key: [^ |]*", "sec-websocket-key: (random)"))
                .toList();
        return new Seen(seen, o.summary());
    }

    @Test
    void hapairNeverForwardsWhatHaproxyRefusesAndAnswersProtocolErrorsAsItDoes() throws Exception {
        List<H2Script.Case> corpus = H2Script.load("/h2/differential-corpus.txt");
        assertTrue(corpus.size() >= 70, "corpus too small: " + corpus.size());
        assertEquals(
                corpus.size(),
                corpus.stream().map(H2Script.Case::name).distinct().count(),
                "unique names");
        List<String> failures = new ArrayList<>();
        Set<String> stricterSeen = new TreeSet<>(), stricterMarked = new TreeSet<>();
        Set<String> differsSeen = new TreeSet<>(), differsMarked = new TreeSet<>();
        Set<String> laxerSeen = new TreeSet<>(), laxerMarked = new TreeSet<>();
        StringBuilder report = new StringBuilder();
        for (H2Script.Case c : corpus) {
            for (boolean tls : c.marked("tls") ? new boolean[] {false, true} : new boolean[] {false}) {
                String name = c.name() + (tls ? "/tls" : "");
                if (c.marked("stricter")) stricterMarked.add(name);
                if (c.marked("differs")) differsMarked.add(name);
                if (c.marked("laxer")) laxerMarked.add(name);
                int i = tls ? 1 : 0;
                CompletableFuture<Seen> viaHaproxy =
                        CompletableFuture.supplyAsync(() -> through(HAPROXY[i], tls, haproxyServer, c));
                Seen hs = through(HAPAIR[i], tls, hapairServer, c);
                Seen hp = viaHaproxy.get(30, TimeUnit.SECONDS);
                String what = name + ":\n    haproxy: server " + hp.server() + ", client " + hp.client()
                        + "\n    hapair:  server " + hs.server() + ", client " + hs.client();
                report.append(what).append('\n');
                List<String> hpDone = complete(hp.server()), hsDone = complete(hs.server());
                if (hs.server().stream().anyMatch(s -> s.startsWith("INVALID")))
                    failures.add("forwarded invalid framing: " + what);
                for (String r : hsDone) {
                    if (hpDone.contains(r)) continue;
                    if (c.marked("laxer")) laxerSeen.add(name);
                    else failures.add("forwarded what HAProxy did not: " + what);
                }
                if (hsDone.size() < hpDone.size()) stricterSeen.add(name);
                if (!hs.client().equals(hp.client())) differsSeen.add(name);
            }
        }
        Files.writeString(Path.of("target", "h2-differential-report.txt"), report);
        assertEquals(List.of(), failures, String.join("\n", failures));
        assertEquals(stricterMarked, stricterSeen, "hapair refuses what HAProxy forwards: mark 'stricter'\n" + report);
        assertEquals(differsMarked, differsSeen, "the clients see different things: mark 'differs'\n" + report);
        assertEquals(
                laxerMarked, laxerSeen, "hapair forwards what HAProxy refuses against the RFC: 'laxer'\n" + report);
    }

    /** The requests a server got complete (not cut short). */
    private static List<String> complete(List<String> seen) {
        return seen.stream()
                .filter(s -> !s.startsWith("PARTIAL") && !s.startsWith("INVALID"))
                .toList();
    }
}

package dev.hapair.proxy.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hapair.proxy.testing.SideBySide;
import dev.hapair.proxy.testing.TestHttpBackend;
import dev.hapair.testkit.Prerequisites;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The stats modules' counters (h2, h1) for the same client traffic on hapair-proxy and haproxy 2.6.12: HTTP/2
 * prior-knowledge connections from curl on a {@code proto h2} bind and HTTP/1.1 connections on another, each
 * proxy forwarding to the same HTTP/1 server. The frames the clients send are the same, so the frame counts,
 * connection and stream counts and the HTTP/1 bytes received must be equal.
 */
class StatsModulesParityIT {
    @TempDir
    Path dir;

    @BeforeAll
    static void tools() {
        Prerequisites.assumeCommands("haproxy", "socat", "curl");
    }

    private Path pem;

    private String config(String name, int h2Port, int h1Port, int tlsPort, int backendPort) {
        return String.join(
                "\n",
                "global",
                "    stats socket " + dir.resolve(name + ".sock") + " level admin",
                "defaults",
                "    mode http",
                "    timeout connect 1s",
                "    timeout client 5s",
                "    timeout server 5s",
                "frontend f2",
                "    bind 127.0.0.1:" + h2Port + " proto h2",
                "    default_backend bk",
                "frontend f1",
                "    bind 127.0.0.1:" + h1Port,
                "    default_backend bk",
                "frontend fs",
                "    bind 127.0.0.1:" + tlsPort + " ssl crt " + pem + " alpn http/1.1",
                "    default_backend bk",
                "backend bk",
                "    server s1 127.0.0.1:" + backendPort,
                "");
    }

    /** Runs curl with {@code args}; {@code succeeds} says whether it must succeed or fail (a refused handshake). */
    private static void curl(boolean succeeds, String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of("curl", "-s", "-o", "/dev/null", "--max-time", "10"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(15, TimeUnit.SECONDS), "curl timed out");
        assertEquals(succeeds, p.exitValue() == 0, String.join(" ", args) + ": " + out);
    }

    /** The columns {@code cols} of row {@code key} ("proxy/FRONTEND") are the same in both CSV dumps. */
    private static void sameColumns(String ours, String theirs, String key, String... cols) {
        Map<String, String> o = StatsParsing.csv(ours).get(key),
                t = StatsParsing.csv(theirs).get(key);
        for (String col : cols)
            assertEquals(t.get(col), o.get(col), key + " " + col + "\nhapair  " + o + "\nhaproxy " + t);
    }

    @Test
    void h2AndH1ModulesCountTheSameTrafficAsHaproxy() throws Exception {
        try (TestHttpBackend backend = new TestHttpBackend("web")) {
            pem = new dev.hapair.proxy.tls.TestCerts(java.nio.file.Files.createDirectories(dir.resolve("certs")))
                    .bundle("site", "site.test", "site.test");
            Map<String, int[]> ports = Map.of(
                    SideBySide.HAPAIR,
                    new int[] {SideBySide.freePort(), SideBySide.freePort(), SideBySide.freePort()},
                    SideBySide.HAPROXY,
                    new int[] {SideBySide.freePort(), SideBySide.freePort(), SideBySide.freePort()});
            try (SideBySide p = SideBySide.start(
                    dir,
                    side -> config(side, ports.get(side)[0], ports.get(side)[1], ports.get(side)[2], backend.port()))) {
                for (int[] port : ports.values()) {
                    for (int i = 0; i < 3; i++) {
                        curl(true, "--http2-prior-knowledge", "http://127.0.0.1:" + port[0] + "/a");
                        curl(
                                true,
                                "--http2-prior-knowledge",
                                "-d",
                                "x".repeat(1000),
                                "http://127.0.0.1:" + port[0] + "/b");
                    }
                    // two requests on one HTTP/1.1 connection, then one more connection
                    curl(true, "--http1.1", "http://127.0.0.1:" + port[1] + "/c", "http://127.0.0.1:" + port[1] + "/d");
                    curl(true, "--http1.1", "-d", "y".repeat(5000), "http://127.0.0.1:" + port[1] + "/e");
                    // two TLS sessions, and a handshake both refuse (TLS 1.0 only, below ssl-min-ver)
                    curl(true, "-k", "--http1.1", "https://127.0.0.1:" + port[2] + "/f");
                    curl(true, "-k", "--http1.1", "https://127.0.0.1:" + port[2] + "/g");
                    curl(false, "-k", "--tlsv1.0", "--tls-max", "1.0", "https://127.0.0.1:" + port[2] + "/h");
                }
                Thread.sleep(300); // the last connections' closes reach both proxies
                String ours = p.cli(SideBySide.HAPAIR, "show stat");
                String theirs = p.cli(SideBySide.HAPROXY, "show stat");
                sameColumns(
                        ours,
                        theirs,
                        "f2/FRONTEND",
                        "h2_headers_rcvd",
                        "h2_data_rcvd",
                        "h2_settings_rcvd",
                        "h2_rst_stream_rcvd",
                        "h2_goaway_rcvd",
                        "h2_detected_conn_protocol_errors",
                        "h2_detected_strm_protocol_errors",
                        "h2_rst_stream_resp",
                        "h2_goaway_resp",
                        "h2_open_connections",
                        "h2_total_connections",
                        "h2_backend_open_streams",
                        "h2_backend_total_streams",
                        "h1_total_connections",
                        "h1_total_streams");
                sameColumns(
                        ours,
                        theirs,
                        "f1/FRONTEND",
                        "h1_open_connections",
                        "h1_open_streams",
                        "h1_total_connections",
                        "h1_total_streams",
                        "h1_bytes_in",
                        "h2_total_connections");
                sameColumns(
                        ours,
                        theirs,
                        "fs/FRONTEND",
                        "ssl_sess",
                        "ssl_reused_sess",
                        "ssl_failed_handshake",
                        "h1_total_connections",
                        "h1_total_streams",
                        "h1_bytes_in");
                assertEquals("2", StatsParsing.csv(ours).get("fs/FRONTEND").get("ssl_sess"));
                sameColumns(ours, theirs, "bk/BACKEND", "h1_total_streams", "h1_bytes_in", "h2_total_connections");
            }
        }
    }
}

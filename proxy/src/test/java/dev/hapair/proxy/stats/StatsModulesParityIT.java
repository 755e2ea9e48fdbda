package dev.hapair.proxy.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hapair.proxy.testing.SideBySide;
import dev.hapair.proxy.testing.TestHttpBackend;
import dev.hapair.testkit.Prerequisites;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
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

    private static void curl(String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of("curl", "-s", "-o", "/dev/null", "--max-time", "10"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(15, TimeUnit.SECONDS), "curl timed out");
        assertEquals(0, p.exitValue(), out);
    }

    private static void curlFails(String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of("curl", "-s", "-o", "/dev/null", "--max-time", "10"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(15, TimeUnit.SECONDS), "curl timed out");
        assertTrue(p.exitValue() != 0, "the handshake should fail");
    }

    private static Map<String, String> row(String csv, String pxname, String svname) {
        String[] lines = csv.strip().split("\n");
        String[] cols = lines[0].substring(2).split(",", -1);
        for (String l : lines) {
            String[] v = l.split(",", -1);
            if (v.length > 1 && v[0].equals(pxname) && v[1].equals(svname)) {
                Map<String, String> m = new LinkedHashMap<>();
                for (int i = 0; i < cols.length && i < v.length; i++) m.put(cols[i], v[i]);
                return m;
            }
        }
        throw new AssertionError("no row " + pxname + "/" + svname + " in\n" + csv);
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
                        curl("--http2-prior-knowledge", "http://127.0.0.1:" + port[0] + "/a");
                        curl("--http2-prior-knowledge", "-d", "x".repeat(1000), "http://127.0.0.1:" + port[0] + "/b");
                    }
                    // two requests on one HTTP/1.1 connection, then one more connection
                    curl("--http1.1", "http://127.0.0.1:" + port[1] + "/c", "http://127.0.0.1:" + port[1] + "/d");
                    curl("--http1.1", "-d", "y".repeat(5000), "http://127.0.0.1:" + port[1] + "/e");
                    // two TLS sessions, and a handshake both refuse (TLS 1.0 only, below ssl-min-ver)
                    curl("-k", "--http1.1", "https://127.0.0.1:" + port[2] + "/f");
                    curl("-k", "--http1.1", "https://127.0.0.1:" + port[2] + "/g");
                    curlFails("-k", "--tlsv1.0", "--tls-max", "1.0", "https://127.0.0.1:" + port[2] + "/h");
                }
                Thread.sleep(300); // the last connections' closes reach both proxies
                String ours = p.cli(SideBySide.HAPAIR, "show stat");
                String theirs = p.cli(SideBySide.HAPROXY, "show stat");
                Map<String, String> o2 = row(ours, "f2", "FRONTEND"), t2 = row(theirs, "f2", "FRONTEND");
                for (String col : List.of(
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
                        "h1_total_streams"))
                    assertEquals(t2.get(col), o2.get(col), "f2 " + col + "\nhapair  " + o2 + "\nhaproxy " + t2);
                Map<String, String> o1 = row(ours, "f1", "FRONTEND"), t1 = row(theirs, "f1", "FRONTEND");
                for (String col : List.of(
                        "h1_open_connections",
                        "h1_open_streams",
                        "h1_total_connections",
                        "h1_total_streams",
                        "h1_bytes_in",
                        "h2_total_connections"))
                    assertEquals(t1.get(col), o1.get(col), "f1 " + col + "\nhapair  " + o1 + "\nhaproxy " + t1);
                Map<String, String> os = row(ours, "fs", "FRONTEND"), ts = row(theirs, "fs", "FRONTEND");
                for (String col : List.of(
                        "ssl_sess",
                        "ssl_reused_sess",
                        "ssl_failed_handshake",
                        "h1_total_connections",
                        "h1_total_streams",
                        "h1_bytes_in"))
                    assertEquals(ts.get(col), os.get(col), "fs " + col + "\nhapair  " + os + "\nhaproxy " + ts);
                assertEquals("2", os.get("ssl_sess"));
                Map<String, String> ob = row(ours, "bk", "BACKEND"), tb = row(theirs, "bk", "BACKEND");
                for (String col : List.of("h1_total_streams", "h1_bytes_in", "h2_total_connections"))
                    assertEquals(tb.get(col), ob.get(col), "bk " + col + "\nhapair  " + ob + "\nhaproxy " + tb);
            }
        }
    }
}

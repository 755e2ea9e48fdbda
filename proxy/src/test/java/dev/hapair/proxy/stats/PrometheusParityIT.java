package dev.hapair.proxy.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hapair.proxy.testing.TestHttpBackend;
import dev.hapair.testkit.Prerequisites;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Dashboards built for HAProxy's exporter read ours: the installed HAProxy serves its exporter
 * ({@code http-request use-service prometheus-exporter}) and hapair-proxy its stats {@code /metrics}, on the
 * same config and traffic. Every family hapair exposes exists in HAProxy's with the same type (no invented
 * names); the process families are all there but for the few with no honest value (see InfoRenderer).
 */
class PrometheusParityIT {
    static final Set<String> PROCESS_LEFT_OUT = Set.of(
            "haproxy_process_bytes_out_rate",
            "haproxy_process_current_run_queue",
            "haproxy_process_current_tasks",
            "haproxy_process_current_zlib_memory",
            "haproxy_process_dropped_logs_total",
            "haproxy_process_max_zlib_memory");

    /**
     * Deliberate extras, listed in the README: {@code *_up} as the standalone haproxy_exporter names it (its
     * dashboards key on it) and the current rates HAProxy 2.6's exporter leaves out although its stats have them.
     */
    static final Set<String> EXTRAS = Set.of(
            "haproxy_backend_up",
            "haproxy_server_up",
            "haproxy_frontend_current_session_rate",
            "haproxy_backend_current_session_rate",
            "haproxy_server_current_session_rate",
            "haproxy_frontend_http_requests_rate_current");

    @TempDir
    Path dir;

    @BeforeAll
    static void tools() {
        Prerequisites.assumeCommands("haproxy");
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** "# TYPE name type" lines -> name -> type. */
    private static Map<String, String> families(String text) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String l : text.split("\n")) {
            if (l.startsWith("# TYPE ")) {
                String[] p = l.split(" ");
                m.put(p[2], p[3]);
            }
        }
        return m;
    }

    private static String get(HttpClient http, int port, String path) throws Exception {
        HttpResponse<String> r = http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), path);
        return r.body();
    }

    private static void traffic(HttpClient http, int port) throws Exception {
        http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/x"))
                        .build(),
                HttpResponse.BodyHandlers.discarding());
    }

    @Test
    void familiesAreHaproxysNamesAndTypes() throws Exception {
        Path launcher = Path.of("../bin/hapair-proxy").toAbsolutePath().normalize();
        try (TestHttpBackend backend = new TestHttpBackend("web")) {
            int ourWeb = freePort(), ourStats = freePort(), theirWeb = freePort();
            String common = String.join(
                    "\n",
                    "defaults",
                    "    mode http",
                    "    timeout connect 1s",
                    "    timeout client 5s",
                    "    timeout server 5s",
                    "backend bk",
                    "    option httpchk GET /",
                    "    server s1 127.0.0.1:" + backend.port() + " check inter 500",
                    "");
            Path ourCfg = Files.writeString(
                    dir.resolve("hapair.cfg"),
                    common
                            + String.join(
                                    "\n",
                                    "frontend fe",
                                    "    bind 127.0.0.1:" + ourWeb,
                                    "    default_backend bk",
                                    "listen stats",
                                    "    bind 127.0.0.1:" + ourStats,
                                    "    stats enable",
                                    "    stats uri /",
                                    ""));
            Path theirCfg = Files.writeString(
                    dir.resolve("haproxy.cfg"),
                    common
                            + String.join(
                                    "\n",
                                    "frontend fe",
                                    "    bind 127.0.0.1:" + theirWeb,
                                    "    http-request use-service prometheus-exporter if { path /metrics }",
                                    "    default_backend bk",
                                    ""));
            Process ours = new ProcessBuilder(launcher.toString(), "-db", "-f", ourCfg.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("hapair.log").toFile())
                    .start();
            Process theirs = new ProcessBuilder("haproxy", "-db", "-f", theirCfg.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("haproxy.log").toFile())
                    .start();
            try {
                HttpClient http = HttpClient.newHttpClient();
                String our = null, their = null;
                for (int i = 0;
                        i < 600 && (our == null || their == null);
                        i++) { // 60 s: a loaded machine starts JVMs slowly
                    Thread.sleep(100);
                    try {
                        // traffic only to fill the counters: its status does not matter (a check that timed out on
                        // a loaded machine may have the server down for a moment)
                        if (our == null) {
                            traffic(http, ourWeb);
                            our = get(http, ourStats, "/metrics");
                        }
                        if (their == null) {
                            traffic(http, theirWeb);
                            their = get(http, theirWeb, "/metrics");
                        }
                    } catch (IOException notYet) {
                        // not listening yet
                    }
                }
                assertTrue(our != null && their != null, "both exporters answered");
                Map<String, String> ourFamilies = families(our), theirFamilies = families(their);
                Set<String> invented = new TreeSet<>();
                for (var e : ourFamilies.entrySet()) {
                    String t = theirFamilies.get(e.getKey());
                    if (t == null && !EXTRAS.contains(e.getKey())) invented.add(e.getKey());
                    else if (t == null) continue;
                    else assertEquals(t, e.getValue(), e.getKey());
                }
                assertEquals(Set.of(), invented, "families HAProxy's exporter does not have");
                Set<String> missingProcess = new TreeSet<>();
                for (String f : theirFamilies.keySet()) {
                    if (f.startsWith("haproxy_process_") && !ourFamilies.containsKey(f)) missingProcess.add(f);
                }
                assertEquals(new TreeSet<>(PROCESS_LEFT_OUT), missingProcess);
                assertTrue(ourFamilies.size() >= 100, "families: " + ourFamilies.size());
            } finally {
                ours.destroy();
                theirs.destroy();
                ours.waitFor(10, TimeUnit.SECONDS);
                theirs.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }
}

package dev.hapair.proxy.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hapair.proxy.testing.SideBySide;
import dev.hapair.proxy.testing.TestHttpBackend;
import dev.hapair.testkit.Prerequisites;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Dashboards built for HAProxy's exporter read ours: hapair-proxy and the installed HAProxy serve the exporter
 * by {@code http-request use-service prometheus-exporter} from the same configuration and traffic. Every family hapair exposes exists in HAProxy's with the same type (no invented
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

    /**
     * The configuration both sides run: the exporter on the frontend by {@code use-service}, a checked server
     * (check families), and a server in maintenance that {@code no-maint} leaves out.
     */
    static String config(int port, int backendPort) {
        return String.join(
                "\n",
                "defaults",
                "    mode http",
                "    timeout connect 1s",
                "    timeout client 5s",
                "    timeout server 5s",
                "frontend fe",
                "    bind 127.0.0.1:" + port,
                "    http-request use-service prometheus-exporter if { path /metrics }",
                "    default_backend bk",
                "backend bk",
                "    option httpchk GET /",
                "    server s1 127.0.0.1:" + backendPort + " check inter 500",
                "    server s2 127.0.0.1:" + backendPort + " disabled",
                "");
    }

    @Test
    void familiesAreHaproxysNamesAndTypes() throws Exception {
        try (TestHttpBackend backend = new TestHttpBackend("web")) {
            Map<String, Integer> ports =
                    Map.of(SideBySide.HAPAIR, SideBySide.freePort(), SideBySide.HAPROXY, SideBySide.freePort());
            try (SideBySide p = SideBySide.start(dir, side -> config(ports.get(side), backend.port()))) {
                HttpClient http = HttpClient.newHttpClient();
                Map<String, String> body = new java.util.HashMap<>();
                for (int i = 0; i < 600 && body.size() < 2; i++) { // 60 s: a loaded machine starts JVMs slowly
                    for (var e : ports.entrySet()) {
                        try {
                            // traffic only to fill the counters: its status does not matter (a check that timed
                            // out on a loaded machine may have the server down for a moment)
                            traffic(http, e.getValue());
                            body.putIfAbsent(e.getKey(), get(http, e.getValue(), "/metrics"));
                        } catch (IOException notYet) {
                            // not listening yet
                        }
                    }
                    if (body.size() < 2) Thread.sleep(100);
                }
                assertEquals(2, body.size(), "both exporters answered");
                String our = body.get(SideBySide.HAPAIR), their = body.get(SideBySide.HAPROXY);
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
                // connections to s1 are counted as attempts or reuses: after 3 answered requests, at least 3
                int answered = 0;
                for (int i = 0; i < 100 && answered < 3; i++) {
                    HttpResponse<Void> r = http.send(
                            HttpRequest.newBuilder(
                                            URI.create("http://127.0.0.1:" + ports.get(SideBySide.HAPAIR) + "/x"))
                                    .build(),
                            HttpResponse.BodyHandlers.discarding());
                    if (r.statusCode() == 200) answered++;
                    else Thread.sleep(100);
                }
                assertEquals(3, answered);
                String after = get(http, ports.get(SideBySide.HAPAIR), "/metrics?scope=server");
                assertTrue(
                        sample(after, "haproxy_server_connection_attempts_total{proxy=\"bk\",server=\"s1\"}")
                                        + sample(
                                                after,
                                                "haproxy_server_connection_reuses_total{proxy=\"bk\",server=\"s1\"}")
                                >= 3,
                        after);
                // the exporter's query arguments select the same on both
                for (String q : List.of("?scope=global", "?scope=server&scope=frontend", "?scope=", "?no-maint", "")) {
                    String ours = get(http, ports.get(SideBySide.HAPAIR), "/metrics" + q);
                    String theirs = get(http, ports.get(SideBySide.HAPROXY), "/metrics" + q);
                    assertEquals(scopesOf(sampleSeries(theirs)), scopesOf(sampleSeries(ours)), q);
                    // s2 is in maintenance: present unless no-maint, on both
                    assertEquals(theirs.contains("server=\"s2\""), ours.contains("server=\"s2\""), q);
                }
            }
        }
    }

    private static double sample(String text, String series) {
        for (String l : text.split("\n"))
            if (l.startsWith(series + " ")) return Double.parseDouble(l.substring(series.length() + 1));
        throw new AssertionError("no " + series + " in\n" + text);
    }

    /** The sample lines' metric names. */
    private static List<String> sampleSeries(String text) {
        List<String> out = new java.util.ArrayList<>();
        for (String l : text.split("\n")) {
            if (l.isEmpty() || l.startsWith("#")) continue;
            int b = l.indexOf('{');
            out.add(b > 0 ? l.substring(0, b) : l.substring(0, l.indexOf(' ')));
        }
        return out;
    }

    /** haproxy_server_x -> "server": which scopes a selection returned. */
    private static Set<String> scopesOf(List<String> names) {
        Set<String> out = new TreeSet<>();
        for (String n : names) out.add(n.split("_")[1]);
        return out;
    }
}

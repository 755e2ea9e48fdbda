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

    /**
     * HAProxy 2.6 families hapair does not expose (README, deliberate differences): no cache and no compression
     * exist in hapair; its idle pool does not tell safe from unsafe connections nor estimate the needed ones.
     */
    static final Set<String> ABSENT = Set.of(
            "haproxy_frontend_http_comp_bytes_in_total",
            "haproxy_frontend_http_comp_bytes_out_total",
            "haproxy_frontend_http_comp_bytes_bypassed_total",
            "haproxy_frontend_http_comp_responses_total",
            "haproxy_frontend_http_cache_lookups_total",
            "haproxy_frontend_http_cache_hits_total",
            "haproxy_backend_http_comp_bytes_in_total",
            "haproxy_backend_http_comp_bytes_out_total",
            "haproxy_backend_http_comp_bytes_bypassed_total",
            "haproxy_backend_http_comp_responses_total",
            "haproxy_backend_http_cache_lookups_total",
            "haproxy_backend_http_cache_hits_total",
            "haproxy_server_unsafe_idle_connections_current",
            "haproxy_server_safe_idle_connections_current",
            "haproxy_server_used_connections_current",
            "haproxy_server_need_connections_current");

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
                // s1's first check has a result on both (HAProxy shows check families once it is enabled)
                String passed = "haproxy_server_check_status{proxy=\"bk\",server=\"s1\",state=\"L7OK\"} 1";
                for (int i = 0;
                        i < 300
                                && !(body.get(SideBySide.HAPAIR).contains(passed)
                                        && body.get(SideBySide.HAPROXY).contains(passed));
                        i++) {
                    Thread.sleep(100);
                    for (var e : ports.entrySet()) body.put(e.getKey(), get(http, e.getValue(), "/metrics"));
                }
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
                // every proxy family of HAProxy's is there but the documented absent ones, in HAProxy's order
                Set<String> missing = new TreeSet<>();
                for (String f : theirFamilies.keySet()) {
                    if (!f.startsWith("haproxy_process_") && !ourFamilies.containsKey(f)) missing.add(f);
                }
                assertEquals(new TreeSet<>(ABSENT), missing, "families left out");
                List<String> theirOrder = new java.util.ArrayList<>(theirFamilies.keySet());
                theirOrder.retainAll(ourFamilies.keySet());
                List<String> ourOrder = new java.util.ArrayList<>(ourFamilies.keySet());
                ourOrder.retainAll(theirFamilies.keySet());
                assertEquals(theirOrder, ourOrder, "family order");
                // the same series (names and every label) for the same configuration, in the same order
                List<String> theirSeries = series(their, ourFamilies.keySet());
                List<String> ourSeries = series(our, theirFamilies.keySet());
                assertEquals(String.join("\n", theirSeries), String.join("\n", ourSeries), "series");
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

    /**
     * The new counters count what HAProxy's count for the same traffic: a server closing during the body
     * ({@code SD}: server abort), a client resetting during the body ({@code CD}: client abort), a
     * {@code tcp-request connection reject} (denied connection), a frontend redirect and the exporter's own
     * requests (intercepted).
     */
    @Test
    void abortsDenialsAndInterceptionsCountAsHaproxys() throws Exception {
        try (HalfBodyServer raw = new HalfBodyServer()) {
            Map<String, Integer> ports =
                    Map.of(SideBySide.HAPAIR, SideBySide.freePort(), SideBySide.HAPROXY, SideBySide.freePort());
            try (SideBySide p = SideBySide.start(
                    dir,
                    side -> String.join(
                            "\n",
                            "defaults",
                            "    mode http",
                            "    timeout connect 1s",
                            "    timeout client 5s",
                            "    timeout server 5s",
                            "frontend fe",
                            "    bind 127.0.0.1:" + ports.get(side),
                            "    tcp-request connection reject if { src 127.0.0.2 }",
                            "    http-request use-service prometheus-exporter if { path /metrics }",
                            "    http-request redirect location /elsewhere if { path /redir }",
                            "    default_backend bk",
                            "backend bk",
                            "    server s1 127.0.0.1:" + raw.port(),
                            ""))) {
                HttpClient http = HttpClient.newHttpClient();
                for (var e : ports.entrySet()) {
                    int port = e.getValue();
                    for (int i = 0; i < 600; i++) { // both listening (a loaded machine starts JVMs slowly)
                        try (java.net.Socket probe = new java.net.Socket("127.0.0.1", port)) {
                            break;
                        } catch (IOException notYet) {
                            Thread.sleep(100);
                        }
                    }
                    // the server closes after 10 of 100 body bytes: SD
                    assertTrue(rawGet(port, "/cut", false).startsWith("HTTP/1.1 200"), e.getKey());
                    // the client resets while the body streams: CD
                    assertTrue(rawGet(port, "/stream", true).startsWith("HTTP/1.1 200"), e.getKey());
                    assertTrue(rawGet(port, "/redir", false).startsWith("HTTP/1.1 302"), e.getKey());
                    // from 127.0.0.2: closed at once by the tcp-request connection rule
                    try (java.net.Socket denied = new java.net.Socket(
                            java.net.InetAddress.getLoopbackAddress(),
                            port,
                            java.net.InetAddress.getByName("127.0.0.2"),
                            0)) {
                        denied.setSoTimeout(5000);
                        assertEquals(-1, denied.getInputStream().read(), e.getKey());
                    } catch (java.net.SocketException resetByRule) {
                        // HAProxy resets a rejected connection: closed as well
                    }
                }
                String[] expected = {
                    "haproxy_backend_server_aborts_total{proxy=\"bk\"} 1",
                    "haproxy_server_server_aborts_total{proxy=\"bk\",server=\"s1\"} 1",
                    "haproxy_backend_client_aborts_total{proxy=\"bk\"} 1",
                    "haproxy_server_client_aborts_total{proxy=\"bk\",server=\"s1\"} 1",
                    "haproxy_frontend_denied_connections_total{proxy=\"fe\"} 1",
                    "haproxy_frontend_denied_sessions_total{proxy=\"fe\"} 0",
                    "haproxy_frontend_internal_errors_total{proxy=\"fe\"} 0",
                    "haproxy_backend_agg_server_status{proxy=\"bk\",state=\"UP\"} 1",
                };
                for (var e : ports.entrySet()) {
                    // a session is counted as it ends, a moment after the client saw it end: poll (each scrape
                    // is an intercepted request too, counted below)
                    int scrapes = 0;
                    String t = "";
                    for (int i = 0; i < 100; i++) {
                        t = get(http, e.getValue(), "/metrics?scope=frontend&scope=backend&scope=server");
                        scrapes++;
                        if (t.contains(expected[0]) && t.contains(expected[2])) break;
                        Thread.sleep(100);
                    }
                    for (String line : expected) assertTrue(t.contains(line), e.getKey() + ": " + line + "\n" + t);
                    // the redirect and every scrape, this one included
                    assertTrue(
                            t.contains("haproxy_frontend_intercepted_requests_total{proxy=\"fe\"} " + (1 + scrapes)),
                            e.getKey() + "\n" + t);
                }
                // the same counters in show stat's CSV, as HAProxy's
                String csv = get(http, ports.get(SideBySide.HAPAIR), "/metrics?scope=backend");
                // failed rewrites are counted (none in this traffic), no longer an empty value
                assertTrue(csv.contains("haproxy_backend_failed_header_rewriting_total{proxy=\"bk\"} 0"), csv);
            }
        }
    }

    /** One HTTP/1.1 GET on a fresh connection: the status line, or what arrived; {@code reset} ends it by RST. */
    private static String rawGet(int port, String path, boolean reset) throws IOException {
        try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
            s.setSoTimeout(10_000);
            s.getOutputStream()
                    .write(("GET " + path + " HTTP/1.1\r\nHost: x\r\n\r\n")
                            .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            byte[] buf = new byte[4096];
            StringBuilder got = new StringBuilder();
            int n;
            while ((n = s.getInputStream().read(buf)) > 0) {
                got.append(new String(buf, 0, n, java.nio.charset.StandardCharsets.ISO_8859_1));
                if (reset && got.indexOf("0123456789") >= 0) {
                    s.setSoLinger(true, 0); // close() now sends a RST
                    break;
                }
                if (got.indexOf("\r\n\r\n") >= 0 && path.equals("/redir")) break;
            }
            return got.toString();
        } catch (java.net.SocketException closedEarly) {
            return "";
        }
    }

    /**
     * A server announcing 100 body bytes and sending 10 for {@code /cut}, then closing; otherwise a body it
     * streams until the proxy closes (the client reset: the proxy's writes to it fail).
     */
    private static final class HalfBodyServer implements AutoCloseable {
        private final java.net.ServerSocket server =
                new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
        private final Thread acceptor = new Thread(this::serve, "half-body");

        HalfBodyServer() throws IOException {
            acceptor.setDaemon(true);
            acceptor.start();
        }

        int port() {
            return server.getLocalPort();
        }

        private void serve() {
            while (!server.isClosed()) {
                try {
                    java.net.Socket c = server.accept();
                    Thread t = new Thread(() -> answer(c), "half-body-conn");
                    t.setDaemon(true);
                    t.start();
                } catch (IOException closed) {
                    return;
                }
            }
        }

        private static void answer(java.net.Socket c) {
            try (c) {
                c.setSoTimeout(10_000);
                var in = new java.io.BufferedReader(new java.io.InputStreamReader(
                        c.getInputStream(), java.nio.charset.StandardCharsets.ISO_8859_1));
                String first = in.readLine();
                String l;
                while ((l = in.readLine()) != null && !l.isEmpty()) {
                    // headers
                }
                if (first == null) return;
                boolean cut = first.contains("/cut");
                c.getOutputStream()
                        .write(("HTTP/1.1 200 OK\r\nContent-Length: " + (cut ? 100 : 1_000_000_000)
                                        + "\r\n\r\n0123456789")
                                .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                c.getOutputStream().flush();
                if (cut) return;
                byte[] block = "0123456789".repeat(1600).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
                for (int i = 0; i < 60_000; i++) { // at most 960 MB, until the proxy closes
                    c.getOutputStream().write(block);
                }
            } catch (IOException gone) {
                // the proxy closed
            }
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }

    /**
     * The sample lines' series ({@code name{labels}}) of the families in {@code keep}, in order; process
     * families only by name (their values differ by nature).
     */
    static List<String> series(String text, Set<String> keep) {
        List<String> out = new java.util.ArrayList<>();
        for (String l : text.split("\n")) {
            if (l.isEmpty() || l.startsWith("#")) continue;
            String s = l.substring(0, l.lastIndexOf(' '));
            int b = s.indexOf('{');
            String name = b > 0 ? s.substring(0, b) : s;
            if (keep.contains(name)) out.add(name.startsWith("haproxy_process_") ? name : s);
        }
        return out;
    }

    static double sample(String text, String series) {
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

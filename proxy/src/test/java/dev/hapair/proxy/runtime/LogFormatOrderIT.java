package dev.hapair.proxy.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hapair.proxy.testing.NginxServer;
import dev.hapair.proxy.testing.SideBySide;
import dev.hapair.proxy.testing.TestHttpBackend;
import dev.hapair.testkit.Prerequisites;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which traffic log line a frontend writes when {@code log-format}, {@code option httplog} and {@code option
 * tcplog} follow each other, in the frontend and in its defaults section: the installed HAProxy and hapair-proxy
 * run the same configuration, each frontend gets one request, and the log lines must be the same (timers, ports
 * and dates masked in the httplog and tcplog lines). In HAProxy 2.6 the last of these lines wins, and a frontend
 * keeps its defaults section's choice until it writes its own. Every custom format here has a response variable
 * ({@code %ST}): haproxy 2.6.12 writes a format of request variables only twice per request when a server answers.
 */
class LogFormatOrderIT {

    /** Frontend name and the lines its section adds after {@code bind}, in order. */
    private static final Map<String, List<String>> FRONTENDS = new LinkedHashMap<>();

    static {
        FRONTENDS.put("inherits", List.of());
        FRONTENDS.put("httplog_last", List.of("log-format \"LOG own %HM %HU %ST\"", "option httplog"));
        FRONTENDS.put("format_last", List.of("option httplog", "log-format \"LOG own %HM %HU %ST %ft\""));
        FRONTENDS.put("tcplog_last", List.of("option tcplog"));
        FRONTENDS.put("format_after_tcplog", List.of("option tcplog", "log-format \"LOG again %HU %ST\""));
        // what ended the stream: answered by the proxy as configured is "LR", as a deny is "PR"
        FRONTENDS.put(
                "returns",
                List.of("option httplog", "http-request return status 200 content-type text/plain string ok"));
        FRONTENDS.put("redirects", List.of("option httplog", "http-request redirect location /elsewhere"));
        FRONTENDS.put("auths", List.of("option httplog", "http-request auth realm r"));
        FRONTENDS.put("denies", List.of("option httplog", "http-request deny"));
    }

    private static final Map<String, Integer> STATUS =
            Map.of("returns", 200, "redirects", 302, "auths", 401, "denies", 403);

    @TempDir
    Path dir;

    @BeforeAll
    static void tools() {
        Prerequisites.assumeCommands("haproxy");
    }

    /** @param socket a stats socket, so that SideBySide waits for haproxy too before the test sends to it */
    private static String config(Map<String, Integer> ports, int server, Path socket) {
        List<String> c = new ArrayList<>(List.of(
                "global",
                "    stats socket " + socket,
                "defaults",
                "    mode http",
                "    log stdout format raw local0",
                "    timeout connect 1s",
                "    timeout client 5s",
                "    timeout server 5s",
                "    log-format \"LOG defaults %HM %HU %ST\""));
        for (Map.Entry<String, List<String>> f : FRONTENDS.entrySet()) {
            c.add("frontend " + f.getKey());
            c.add("    bind 127.0.0.1:" + ports.get(f.getKey()));
            for (String l : f.getValue()) c.add("    " + l);
            c.add("    default_backend app");
        }
        c.add("backend app");
        c.add("    server s1 127.0.0.1:" + server);
        c.add("");
        return String.join("\n", c);
    }

    @Test
    void theLastLogLineOfASectionDecidesAsInHaproxy() throws Exception {
        Map<String, Map<String, Integer>> ports = new LinkedHashMap<>();
        // one call for both sides: ports of two calls may coincide (the first call's sockets are closed by then)
        int[] free = NginxServer.freePorts(2 * FRONTENDS.size());
        int i = 0;
        for (String side : List.of(SideBySide.HAPAIR, SideBySide.HAPROXY)) {
            Map<String, Integer> byFrontend = new LinkedHashMap<>();
            for (String f : FRONTENDS.keySet()) byFrontend.put(f, free[i++]);
            ports.put(side, byFrontend);
        }
        HttpClient http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10))
                .build();
        try (TestHttpBackend server = new TestHttpBackend("s1");
                SideBySide p = SideBySide.start(
                        dir, side -> config(ports.get(side), server.port(), dir.resolve(side + ".sock")))) {
            Map<String, List<String>> lines = new LinkedHashMap<>();
            for (String side : List.of(SideBySide.HAPROXY, SideBySide.HAPAIR)) {
                int n = 0;
                for (String f : FRONTENDS.keySet()) {
                    HttpResponse<String> r = http.send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                                            + ports.get(side).get(f) + "/" + f))
                                    .timeout(Duration.ofSeconds(10))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
                    assertEquals(STATUS.getOrDefault(f, 200), r.statusCode(), side + " " + f);
                    // one line per request, in order: wait for it before the next request
                    n++;
                    List<String> got = List.of();
                    for (int w = 0; w < 200 && (got = trafficLines(p.logText(side))).size() < n; w++) {
                        Thread.sleep(50);
                    }
                    assertEquals(n, got.size(), side + " logged " + got + "\n" + p.logText(side));
                }
                lines.put(side, trafficLines(p.logText(side)));
            }
            List<String> haproxy = lines.get(SideBySide.HAPROXY);
            // what HAProxy 2.6.12 writes, so that the comparison cannot pass with both sides wrong
            assertTrue(haproxy.get(0).equals("LOG defaults GET /inherits 200"), haproxy.toString());
            assertTrue(haproxy.get(1).startsWith("127.0.0.1:N [D] httplog_last app/s1 "), haproxy.get(1));
            assertTrue(haproxy.get(2).equals("LOG own GET /format_last 200 format_last"), haproxy.toString());
            assertTrue(haproxy.get(3).startsWith("127.0.0.1:N [D] tcplog_last app/s1 "), haproxy.get(3));
            assertTrue(haproxy.get(4).equals("LOG again /format_after_tcplog 200"), haproxy.toString());
            for (int k = 5; k < 9; k++) {
                String f = List.copyOf(FRONTENDS.keySet()).get(k);
                assertTrue(haproxy.get(k).contains(f.equals("denies") ? " PR-- " : " LR-- "), haproxy.get(k));
            }
            assertEquals(haproxy, lines.get(SideBySide.HAPAIR));
        }
    }

    /** The traffic log lines of a side's output, the httplog/tcplog ones with ports, dates and numbers masked. */
    private static List<String> trafficLines(String log) {
        List<String> out = new ArrayList<>();
        for (String l : log.lines().toList()) {
            if (l.startsWith("LOG ")) {
                out.add(l.strip());
            } else if (l.startsWith("127.0.0.1:")) {
                out.add(l.strip()
                        .replaceFirst("^127\\.0\\.0\\.1:\\d+ \\[[^]]+\\]", "127.0.0.1:N [D]")
                        .replaceAll("(?<=[ /])[+-]?\\d+(?=[ /]|$)", "N"));
            }
        }
        return out;
    }
}

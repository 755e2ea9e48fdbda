package dev.hapair.proxy.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hapair.proxy.testing.NginxServer;
import dev.hapair.proxy.testing.RawHttpClient;
import dev.hapair.proxy.testing.SideBySide;
import dev.hapair.proxy.testing.TestHttpBackend;
import dev.hapair.testkit.Prerequisites;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code http-reuse}: which idle server connection a request may take, hapair and the installed HAProxy side by
 * side on one configuration (one thread, so that both have one pool per server). Three client connections A, B
 * and C send A1, B1, A2, C1 in that order; after each request the test reads how many connections the server has
 * accepted. A first request (B1, C1) may take an idle connection only with {@code always} (any) or {@code
 * aggressive} (one that carried more than one request); a later one (A2) takes any idle one; with {@code never} a
 * connection serves only its client connection and closes with it.
 */
@Timeout(120)
class HttpReuseIT {

    /**
     * Server connections accepted after A1, B1, A2, C1, then how many stay open once A and B closed: one. The
     * requests come one at a time, so one idle connection is all that is needed, and both proxies close the
     * others as they park (with {@code never}, A's and B's private connections close with them).
     */
    private static final Map<String, List<Integer>> EXPECTED = new LinkedHashMap<>();

    static {
        EXPECTED.put("safe", List.of(1, 2, 2, 3, 1)); // the default: a first request never takes an idle one
        EXPECTED.put("aggressive", List.of(1, 2, 2, 2, 1)); // B1: A's connection carried one request only
        EXPECTED.put("always", List.of(1, 1, 1, 1, 1));
        EXPECTED.put("never", List.of(1, 2, 2, 3, 1)); // A2 on A's own
    }

    @TempDir
    Path dir;

    @BeforeAll
    static void tools() {
        Prerequisites.assumeCommands("haproxy");
    }

    private static String config(Map<String, Integer> ports, Map<String, TestHttpBackend> servers, Path socket) {
        List<String> c = new ArrayList<>(List.of(
                "global",
                "    nbthread 1",
                "    stats socket " + socket,
                "defaults",
                "    mode http",
                "    timeout connect 2s",
                "    timeout client 10s",
                "    timeout server 10s"));
        for (String mode : EXPECTED.keySet()) {
            c.add("listen " + mode);
            c.add("    bind 127.0.0.1:" + ports.get(mode));
            if (!mode.equals("safe")) c.add("    http-reuse " + mode);
            c.add("    http-after-response set-header x-first %[http_first_req]");
            c.add("    server s1 127.0.0.1:" + servers.get(mode).port());
        }
        c.add("");
        return String.join("\n", c);
    }

    @Test
    void idleServerConnectionsAreSharedAsHaproxyShares() throws Exception {
        List<String> sides = List.of(SideBySide.HAPROXY, SideBySide.HAPAIR);
        int[] free = NginxServer.freePorts(2 * EXPECTED.size());
        Map<String, Map<String, Integer>> ports = new LinkedHashMap<>();
        Map<String, Map<String, TestHttpBackend>> servers = new LinkedHashMap<>();
        int i = 0;
        List<TestHttpBackend> all = new ArrayList<>();
        try {
            for (String side : sides) {
                Map<String, Integer> p = new LinkedHashMap<>();
                Map<String, TestHttpBackend> s = new LinkedHashMap<>();
                for (String mode : EXPECTED.keySet()) {
                    p.put(mode, free[i++]);
                    TestHttpBackend b = new TestHttpBackend(side + "-" + mode);
                    all.add(b);
                    s.put(mode, b);
                }
                ports.put(side, p);
                servers.put(side, s);
            }
            try (SideBySide proxies = SideBySide.start(
                    dir, side -> config(ports.get(side), servers.get(side), dir.resolve(side + ".sock")))) {
                Map<String, List<Integer>> got = new LinkedHashMap<>();
                for (String side : sides) {
                    for (String mode : EXPECTED.keySet()) {
                        got.put(
                                side + " " + mode,
                                scenario(
                                        ports.get(side).get(mode),
                                        servers.get(side).get(mode),
                                        () -> awaitExchangeEnded(proxies, side, mode)));
                    }
                }
                for (String side : sides) {
                    for (String mode : EXPECTED.keySet()) {
                        assertEquals(EXPECTED.get(mode), got.get(side + " " + mode), side + " " + mode + ": " + got);
                    }
                }
            }
        } finally {
            for (TestHttpBackend b : all) b.close();
        }
    }

    /** What the test waits for after each response. */
    private interface Wait {
        void run() throws Exception;
    }

    private static List<Integer> scenario(int port, TestHttpBackend server, Wait parked) throws Exception {
        List<Integer> counts = new ArrayList<>();
        try (RawHttpClient c = new RawHttpClient(port)) {
            try (RawHttpClient a = new RawHttpClient(port);
                    RawHttpClient b = new RawHttpClient(port)) {
                request(a, server, counts, "1", parked);
                request(b, server, counts, "1", parked);
                request(a, server, counts, "0", parked);
                request(c, server, counts, "1", parked);
            }
            long until = System.nanoTime() + 10_000_000_000L;
            while (System.nanoTime() < until && server.openConnections() > 1) Thread.sleep(50);
            Thread.sleep(300); // the last connection must stay: a close that should not happen has time to show
            counts.add(server.openConnections());
        }
        return counts;
    }

    /** @param first what {@code http_first_req} says of the request: whether it opens its client connection */
    private static void request(
            RawHttpClient client, TestHttpBackend server, List<Integer> counts, String first, Wait parked)
            throws Exception {
        RawHttpClient.Response r = client.get("/conn");
        assertEquals(200, r.status(), r.statusLine());
        assertEquals(first, r.header("x-first"), "http_first_req");
        parked.run(); // the proxy has parked (or closed) the server connection before the next request arrives
        counts.add(server.connections.get());
    }

    /**
     * Waits until {@code side}'s server {@code mode/s1} has no exchange in progress ({@code scur} 0 in {@code show
     * stat}): both proxies park or close the server connection before they count its exchange ended (HAProxy in the
     * same step, on its one thread; hapair just before), so the connection is then where the next request looks.
     */
    private static void awaitExchangeEnded(SideBySide proxies, String side, String mode) throws Exception {
        long until = System.nanoTime() + 10_000_000_000L;
        String stat;
        do {
            stat = proxies.cli(side, "show stat");
            if (scur(stat, mode) == 0) return;
            Thread.sleep(20);
        } while (System.nanoTime() < until);
        throw new AssertionError(side + " " + mode + ": the exchange on s1 did not end in 10 s:\n" + stat);
    }

    /** {@code scur} of server {@code px/s1} in a {@code show stat} answer, or -1 when it has no such line. */
    private static int scur(String csv, String px) {
        String[] lines = csv.split("\n");
        List<String> header = List.of(lines[0].replaceFirst("^# ", "").split(","));
        int pxname = header.indexOf("pxname"), svname = header.indexOf("svname"), scur = header.indexOf("scur");
        for (String line : lines) {
            String[] f = line.split(",", -1);
            if (f.length > scur && f[pxname].equals(px) && f[svname].equals("s1")) return Integer.parseInt(f[scur]);
        }
        return -1;
    }
}

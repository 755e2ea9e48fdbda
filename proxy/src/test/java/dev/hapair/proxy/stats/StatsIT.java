package dev.hapair.proxy.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hapair.proxy.backend.AdminFlag;
import dev.hapair.proxy.config.HaproxyConfigLoader;
import dev.hapair.proxy.runtime.ProxyDaemon;
import dev.hapair.proxy.testing.RawHttpClient;
import dev.hapair.proxy.testing.TestHttpBackend;
import dev.hapair.testkit.Prerequisites;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The stats page, its exports and the runtime API on a real hapair-proxy started from a haproxy.cfg,
 * with real HTTP servers behind it: auth, CSV/JSON/Prometheus against the traffic sent, and every
 * runtime API command changing where requests go.
 */
class StatsIT {
    @TempDir
    static Path dir;

    static TestHttpBackend s1;
    static TestHttpBackend s2;
    static TestHttpBackend s3;
    static ProxyDaemon proxy;
    static Path sock;
    static int web;
    static int stats;
    static int userSock;
    static int operatorSock;

    @BeforeAll
    static void start() throws Exception {
        s1 = new TestHttpBackend("s1");
        s2 = new TestHttpBackend("s2");
        s3 = new TestHttpBackend("s3");
        sock = dir.resolve("run/admin.sock");
        String cfg =
                """
            global
                maxconn 500
                stats socket %s mode 600 level admin
                stats socket 127.0.0.1:0 level user
                stats socket 127.0.0.1:0 level operator
                stats timeout 5s
            defaults
                mode http
                timeout connect 1s
                timeout client 5s
                timeout server 5s
            listen stats
                bind 127.0.0.1:0
                stats enable
                stats uri /haproxy?stats
                stats realm Hapair\\ Stats
                stats auth admin:secret
                stats auth ops:pw2
                stats refresh 5s
                stats admin if TRUE
                monitor-uri /health
            frontend web
                bind 127.0.0.1:0
                default_backend app
            backend app
                balance roundrobin
                cookie SRV insert indirect nocache
                server s1 127.0.0.1:%d cookie s1
                server s2 127.0.0.1:%d cookie s2
            """
                        .formatted(sock, s1.port(), s2.port());
        Path file = dir.resolve("haproxy.cfg");
        Files.writeString(file, cfg);
        proxy = ProxyDaemon.start(new HaproxyConfigLoader().load(file), Optional.empty(), System.err);
        web = proxy.server().port("web");
        stats = proxy.server().port("stats");
        userSock = ((InetSocketAddress) proxy.stats().sockets().get(1).localAddress()).getPort();
        operatorSock = ((InetSocketAddress) proxy.stats().sockets().get(2).localAddress()).getPort();
    }

    @AfterAll
    static void stop() throws Exception {
        if (proxy != null) proxy.stop(Duration.ZERO);
        for (TestHttpBackend b : new TestHttpBackend[] {s1, s2, s3}) if (b != null) b.close();
    }

    @BeforeEach
    void ready() throws Exception {
        cli("set server app/s1 state ready; set server app/s2 state ready; set weight app/s1 1; set weight app/s2 1");
    }

    static RawHttpClient.Response http(int port, String method, String path, String extraHeaders, String body)
            throws IOException {
        try (RawHttpClient c = new RawHttpClient(port)) {
            String b = body == null ? "" : body;
            c.send(method + " " + path + " HTTP/1.1\r\nHost: test\r\nConnection: close\r\n" + extraHeaders
                    + (body == null
                            ? ""
                            : "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: " + b.length()
                                    + "\r\n")
                    + "\r\n" + b);
            return c.read();
        }
    }

    static String basic(String user, String pass) {
        return "Authorization: Basic "
                + Base64.getEncoder().encodeToString((user + ":" + pass).getBytes(StandardCharsets.UTF_8)) + "\r\n";
    }

    static RawHttpClient.Response statsGet(String path) throws IOException {
        return http(stats, "GET", path, basic("admin", "secret"), null);
    }

    /** Talks to the admin unix socket exactly as {@code echo LINE | nc -U} does. */
    static String cli(String line) throws IOException {
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(sock));
            return exchange(ch, line);
        }
    }

    static String tcpCli(int port, String line) throws IOException {
        try (SocketChannel ch = SocketChannel.open(new InetSocketAddress("127.0.0.1", port))) {
            return exchange(ch, line);
        }
    }

    private static String exchange(SocketChannel ch, String line) throws IOException {
        ch.write(ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.UTF_8)));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteBuffer buf = ByteBuffer.allocate(65536);
        while (ch.read(buf) >= 0) { // the server closes after answering, as HAProxy's CLI does
            out.write(buf.array(), 0, buf.position());
            buf.clear();
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /** Sends {@code n} requests to the web frontend; counts who answered. */
    static Map<String, Integer> traffic(int n, String cookie) throws IOException {
        Map<String, Integer> who = new HashMap<>();
        for (int i = 0; i < n; i++) {
            RawHttpClient.Response r =
                    http(web, "GET", "/", cookie == null ? "" : "Cookie: SRV=" + cookie + "\r\n", null);
            who.merge(r.status() == 200 ? r.bodyText().trim() : "status " + r.status(), 1, Integer::sum);
        }
        return who;
    }

    @Test
    void authRealmAndMonitorUri() throws Exception {
        RawHttpClient.Response none = http(stats, "GET", "/haproxy?stats", "", null);
        assertEquals(401, none.status());
        assertEquals("Basic realm=\"Hapair Stats\"", none.header("WWW-Authenticate"));
        assertEquals(
                401,
                http(stats, "GET", "/haproxy?stats", basic("admin", "wrong"), null)
                        .status());
        assertEquals(
                401,
                http(stats, "GET", "/haproxy?stats;csv", basic("nobody", "secret"), null)
                        .status());
        RawHttpClient.Response ok = statsGet("/haproxy?stats");
        assertEquals(200, ok.status());
        assertTrue(ok.header("Content-Type").startsWith("text/html"));
        assertTrue(ok.bodyText().contains("<meta http-equiv=\"refresh\" content=\"5\">"));
        assertEquals(
                200,
                http(stats, "GET", "/haproxy?stats", basic("ops", "pw2"), null).status());
        RawHttpClient.Response health = http(stats, "GET", "/health", "", null);
        assertEquals(200, health.status());
        assertTrue(health.bodyText().contains("Service ready."));
        assertEquals(401, http(stats, "GET", "/metrics", "", null).status());
    }

    @Test
    void exportsCountTheTrafficSent() throws Exception {
        var before = StatsParsing.csv(statsGet("/haproxy?stats;csv").bodyText());
        long s1Before = Long.parseLong(before.get("app/s1").get("stot"));
        long feBefore = Long.parseLong(before.get("web/FRONTEND").get("req_tot"));
        assertEquals(Map.of("s1", 5, "s2", 5), traffic(10, null));

        RawHttpClient.Response csvResp = statsGet("/haproxy?stats;csv");
        assertTrue(csvResp.bodyText().startsWith(StatFieldTest.HAPROXY_HEADER + "\n"));
        var csv = StatsParsing.csv(csvResp.bodyText());
        assertEquals(s1Before + 5, Long.parseLong(csv.get("app/s1").get("stot")));
        assertEquals(feBefore + 10, Long.parseLong(csv.get("web/FRONTEND").get("req_tot")));
        assertTrue(Long.parseLong(csv.get("app/s1").get("bout")) > 0);
        assertEquals("no check", csv.get("app/s1").get("status"));
        assertEquals("2", csv.get("app/BACKEND").get("act"));
        assertEquals("OPEN", csv.get("stats/FRONTEND").get("status"));

        var json = StatsParsing.json(statsGet("/haproxy?stats;json").bodyText());
        assertEquals(csv.get("app/s1").get("stot"), json.get("app/s1").get("stot"));
        assertEquals(
                csv.get("app/BACKEND").get("hrsp_2xx"), json.get("app/BACKEND").get("hrsp_2xx"));

        RawHttpClient.Response prom = statsGet("/metrics");
        assertTrue(prom.header("Content-Type").startsWith("text/plain; version=0.0.4"));
        var m = StatsParsing.prometheus(prom.bodyText());
        assertEquals(
                Double.parseDouble(csv.get("app/s1").get("stot")),
                m.get("haproxy_server_sessions_total[proxy=app, server=s1]"));
        assertEquals(2.0, m.get("haproxy_backend_active_servers[proxy=app]"));
        assertEquals(1.0, m.get("haproxy_server_status[proxy=app, server=s2, state=UP]"));

        String showStat = cli("show stat");
        assertEquals(
                csv.get("app/s2").get("stot"),
                StatsParsing.csv(showStat).get("app/s2").get("stot"));
    }

    @Test
    void drainKeepsStickyClientsMaintTakesEveryone() throws Exception {
        assertEquals("\n", cli("set server app/s1 state drain"));
        assertEquals(Map.of("s2", 10), traffic(10, null));
        assertEquals(Map.of("s1", 5), traffic(5, "s1"), "persisted clients keep their drained server");
        assertEquals("DRAIN", StatsParsing.csv(cli("show stat")).get("app/s1").get("status"));
        assertEquals("\n", cli("disable server app/s1"));
        assertEquals(Map.of("s2", 5), traffic(5, "s1"), "a server in MAINT gets nothing");
        assertEquals("\n", cli("enable server app/s1"));
        assertEquals(Map.of("s1", 5, "s2", 5), traffic(10, null));
    }

    @Test
    void weightChangeShiftsTheShare() throws Exception {
        assertEquals("\n", cli("set weight app/s1 3"));
        assertEquals("3 (initial 1)\n\n", cli("get weight app/s1"));
        assertEquals(Map.of("s1", 30, "s2", 10), traffic(40, null));
        assertEquals("\n", cli("set server app/s1 weight 0"));
        assertEquals(Map.of("s2", 8), traffic(8, null));
    }

    @Test
    void addAndDeleteAServerAtRunTime() throws Exception {
        assertEquals("New server registered.\n\n", cli("add server app/s3 127.0.0.1:" + s3.port() + " check"));
        assertEquals(Map.of("s1", 3, "s2", 3), traffic(6, null), "a new server starts in maintenance");
        cli("enable server app/s3");
        assertEquals(Map.of("s1", 3, "s2", 3, "s3", 3), traffic(9, null));
        String status = "";
        for (int i = 0; i < 100 && !status.equals("L4OK"); i++) {
            status = StatsParsing.csv(cli("show stat")).get("app/s3").get("check_status");
            if (!status.equals("L4OK")) Thread.sleep(50);
        }
        assertEquals("L4OK", status, "the added server is health-checked");
        assertEquals("Only servers in maintenance mode can be deleted.\n\n", cli("del server app/s3"));
        assertEquals(
                "Server deleted.\n\n",
                cli("disable server app/s3; del server app/s3").substring(1));
        assertNull(proxy.runtime().backend("app").server("s3"));
        assertEquals(Map.of("s1", 3, "s2", 3), traffic(6, null));
    }

    @Test
    void levelsOnTheTcpSockets() throws Exception {
        assertEquals("Permission denied\n\n", tcpCli(userSock, "disable server app/s1"));
        assertEquals("Permission denied\n\n", tcpCli(userSock, "set weight app/s1 5"));
        assertTrue(tcpCli(userSock, "show info").contains("Name: hapair-proxy\n"));
        assertEquals("Permission denied\n\n", tcpCli(operatorSock, "add server app/x 127.0.0.1:1"));
        assertEquals("\n", tcpCli(operatorSock, "set server app/s2 state drain"));
        assertTrue(proxy.runtime().backend("app").server("s2").adminFlags().contains(AdminFlag.DRAIN));
        assertTrue(proxy.runtime().backend("app").server("s1").adminFlags().isEmpty());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(sock)));
    }

    @Test
    void promptModeKeepsTheConnection() throws Exception {
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(sock));
            ch.write(ByteBuffer.wrap("prompt\nget weight app/s1\nquit\n".getBytes(StandardCharsets.UTF_8)));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteBuffer buf = ByteBuffer.allocate(4096);
            while (ch.read(buf) >= 0) {
                out.write(buf.array(), 0, buf.position());
                buf.clear();
            }
            assertEquals("\n> 1 (initial 1)\n\n> ", out.toString(StandardCharsets.UTF_8));
        }
    }

    @Test
    void adminFormOnThePage() throws Exception {
        RawHttpClient.Response page = statsGet("/haproxy?stats");
        assertTrue(page.bodyText().contains("<option value=\"maint\">"));
        RawHttpClient.Response post =
                http(stats, "POST", "/haproxy?stats", basic("admin", "secret"), "s=s1&action=maint&b=app");
        assertEquals(303, post.status());
        assertEquals("/haproxy?stats;st=DONE", post.header("Location"));
        assertTrue(proxy.runtime().backend("app").server("s1").adminFlags().contains(AdminFlag.MAINT));
        assertEquals(Map.of("s2", 4), traffic(4, null));
        assertTrue(statsGet("/haproxy?stats;st=DONE").bodyText().contains("Action processed successfully."));
        assertEquals(
                "/haproxy?stats;st=DONE",
                http(stats, "POST", "/haproxy?stats", basic("admin", "secret"), "s=s1&action=ready&b=app")
                        .header("Location"));
        assertEquals(Map.of("s1", 2, "s2", 2), traffic(4, null));
        assertEquals(
                401,
                http(stats, "POST", "/haproxy?stats", "", "s=s1&action=maint&b=app")
                        .status());
        assertTrue(proxy.runtime().backend("app").server("s1").adminFlags().isEmpty());
    }

    @Test
    void socatAndNcSpeakToTheSocket() throws Exception {
        Prerequisites.assumeCommands("socat");
        Process p = new ProcessBuilder(
                        "sh", "-c", "echo 'show info; get weight app/s2' | socat stdio UNIX-CONNECT:" + sock)
                .redirectErrorStream(true)
                .start();
        assertTrue(p.waitFor(10, TimeUnit.SECONDS));
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(out.contains("Name: hapair-proxy\n"), out);
        assertTrue(out.endsWith("1 (initial 1)\n\n"), out);
        assertNotNull(proxy.stats());
    }
}

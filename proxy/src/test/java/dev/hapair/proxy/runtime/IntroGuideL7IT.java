package dev.hapair.proxy.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hapair.proxy.backend.ServerRuntime;
import dev.hapair.proxy.config.HaproxyConfigLoader;
import dev.hapair.proxy.testing.NginxServer;
import dev.hapair.proxy.testing.ProxyProcessConfig;
import dev.hapair.proxy.testing.RawHttpClient;
import dev.hapair.testkit.Prerequisites;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The intro guide's L7 config ({@code intro-guide-l7.cfg}) on six real nginx: /ms1/ and /ms2/ route to
 * their farms, the sticky cookie keeps a client on its server, a failing {@code option httpchk} takes a
 * server out, httplog lines reach the syslog target, and the pid file is written in the foreground.
 */
class IntroGuideL7IT {
    @TempDir
    static Path dir;

    static final Map<String, NginxServer> NGINX = new LinkedHashMap<>();
    static ProxyDaemon proxy;
    static DatagramSocket syslog;
    static Path pidfile;
    static int port;

    @BeforeAll
    static void start() throws Exception {
        Prerequisites.assumeCommands("nginx");
        Map<String, String> hosts = new LinkedHashMap<>();
        String[][] servers = {
            {"ms1.srv1", "192.168.8.111:8080"},
            {"ms1.srv2", "192.168.8.112:8080"},
            {"ms2.srv1", "192.168.8.111:8081"},
            {"ms2.srv2", "192.168.8.112:8081"},
            {"def.srv1", "192.168.8.111:8082"},
            {"def.srv2", "192.168.8.112:8082"}
        };
        for (String[] s : servers) {
            NginxServer n = new NginxServer(s[0], dir, NginxServer.freePort()).start();
            NGINX.put(s[0], n);
            hosts.put(s[1], "127.0.0.1:" + n.port());
        }
        syslog = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        syslog.setSoTimeout(5000);
        pidfile = dir.resolve("run/haproxy.pid");
        hosts.put("127.0.0.1 local0", "127.0.0.1:" + syslog.getLocalPort() + " local0");
        hosts.put("127.0.0.1 local1", "127.0.0.1:" + syslog.getLocalPort() + " local1");
        hosts.put("/home/ha/haproxy/conf/haproxy.pid", pidfile.toString());
        int feport = NginxServer.freePort();
        String text = ProxyProcessConfig.rewrite(
                Files.readString(ProxyProcessConfig.sharedConfig("intro-guide-l7.cfg")),
                hosts,
                Map.of(9001, feport, 1080, NginxServer.freePort()));
        Path cfg = ProxyProcessConfig.write(dir, "intro-guide-l7.cfg", text);
        proxy = ProxyDaemon.start(new HaproxyConfigLoader().load(cfg), Optional.empty(), System.err);
        port = proxy.server().port("http-in");
    }

    @AfterAll
    static void stop() throws Exception {
        if (proxy != null) proxy.stop(java.time.Duration.ZERO);
        for (NginxServer n : NGINX.values()) n.stop();
        if (syslog != null) syslog.close();
    }

    private static RawHttpClient.Response get(String path, String cookie) throws Exception {
        try (RawHttpClient c = new RawHttpClient(port)) {
            c.send("GET " + path + " HTTP/1.1\r\nHost: app\r\n" + (cookie == null ? "" : "Cookie: " + cookie + "\r\n")
                    + "\r\n");
            return c.read();
        }
    }

    @Test
    void pathPrefixesRouteToTheirFarms() throws Exception {
        Set<String> ms1 = new HashSet<>(), ms2 = new HashSet<>(), def = new HashSet<>();
        for (int i = 0; i < 4; i++) {
            ms1.add(get("/ms1/orders", null).bodyText().trim());
            ms2.add(get("/MS2/x", null).bodyText().trim()); // path_beg -i
            def.add(get("/other", null).bodyText().trim());
        }
        assertEquals(Set.of("ms1.srv1", "ms1.srv2"), ms1);
        assertEquals(Set.of("ms2.srv1", "ms2.srv2"), ms2);
        assertEquals(Set.of("def.srv1", "def.srv2"), def);
    }

    @Test
    void stickyCookieKeepsAClientOnItsServer() throws Exception {
        RawHttpClient.Response first = get("/ms2/cart", null);
        String server = first.bodyText().trim();
        String setCookie = first.header("set-cookie");
        assertNotNull(setCookie, "insert mode sets the cookie");
        assertTrue(setCookie.startsWith("HA_STICKY_ms2=" + server), setCookie);
        assertEquals("private", first.header("cache-control"), "nocache");
        String cookie = setCookie.split(";")[0];
        for (int i = 0; i < 8; i++) {
            RawHttpClient.Response r = get("/ms2/cart", cookie);
            assertEquals(server, r.bodyText().trim(), "request " + i + " left its sticky server");
            assertEquals(null, r.header("set-cookie"), "a valid cookie is not set again");
        }
    }

    @Test
    void failingHttpchkTakesTheServerOutUntilItRecovers() throws Exception {
        ServerRuntime srv1 = proxy.runtime().backend("default_servers").server("def.srv1");
        assertNotNull(srv1);
        String cookie = "HA_STICKY_def=def.srv1";
        assertEquals("def.srv1", get("/page", cookie).bodyText().trim());
        NGINX.get("def.srv1").healthy(false); // /healthCheck.html now 404: L7STS
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (srv1.usable() && System.nanoTime() < until) Thread.sleep(100);
        assertTrue(!srv1.usable(), "3 failed checks (fall 3, inter 2000ms) mark it DOWN");
        assertEquals("L7STS", srv1.lastCheck().status());
        assertEquals(404, srv1.lastCheck().code());
        for (int i = 0; i < 6; i++) {
            RawHttpClient.Response r = get("/page", cookie);
            assertEquals("def.srv2", r.bodyText().trim(), "traffic avoids the DOWN server, even with its cookie");
        }
        NGINX.get("def.srv1").healthy(true);
        until = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!srv1.usable() && System.nanoTime() < until) Thread.sleep(100);
        assertTrue(srv1.usable(), "rise 2 brings it back");
        assertEquals("def.srv1", get("/page", cookie).bodyText().trim());
    }

    @Test
    void httplogLinesGoToSyslogAndPidfileIsWritten() throws Exception {
        assertEquals(ProcessHandle.current().pid() + "\n", Files.readString(pidfile));
        get("/ms1/logged", null);
        byte[] buf = new byte[4096];
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        String line = null;
        while (System.nanoTime() < until) {
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            syslog.receive(p);
            String s = new String(p.getData(), 0, p.getLength(), StandardCharsets.UTF_8);
            if (s.contains("/ms1/logged")) {
                line = s;
                break;
            }
        }
        assertNotNull(line, "no httplog datagram for the request");
        assertTrue(
                line.matches("<134>\\w{3} [ \\d]\\d \\d\\d:\\d\\d:\\d\\d hapair-proxy\\[\\d+\\]: 127\\.0\\.0\\.1:\\d+ "
                        + "\\[[^]]+\\] http-in ms1/ms1\\.srv[12] \\d+/\\d+/\\d+/\\d+/\\d+ 200 \\d+ - - --NI \\d+/\\d+/\\d+/\\d+/0 0/0 "
                        + "\"GET /ms1/logged HTTP/1.1\""),
                line);
    }
}

package dev.hapair.proxy.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hapair.proxy.config.HaproxyConfigLoader;
import dev.hapair.proxy.testing.NginxServer;
import dev.hapair.proxy.testing.RawHttpClient;
import dev.hapair.proxy.testing.TestHttpBackend;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code force-persist} and {@code ignore-persist} with cookie persistence on real backends: a cookie naming
 * a server in maintenance reaches it only when force-persist matches; ignore-persist balances a request
 * whatever its cookie says and leaves the cookie to the server.
 */
class PersistRulesIT {
    @TempDir
    static Path dir;

    static TestHttpBackend s1;
    static TestHttpBackend s2;
    static ProxyDaemon proxy;
    static int port;
    static int cli;

    @BeforeAll
    static void start() throws Exception {
        s1 = new TestHttpBackend("s1");
        s2 = new TestHttpBackend("s2");
        int fe = NginxServer.freePort();
        String cfg = "global\n  stats socket 127.0.0.1:0 level admin\n"
                + "defaults\n  mode http\n  timeout connect 1s\n  timeout client 5s\n  timeout server 5s\n"
                + "frontend fe\n  bind 127.0.0.1:" + fe + "\n  default_backend be\n"
                + "backend be\n  balance roundrobin\n  cookie SRV insert indirect nocache\n"
                + "  force-persist if { req.hdr(x-force) 1 }\n"
                + "  ignore-persist if { path_beg /static }\n"
                + "  server s1 127.0.0.1:" + s1.port() + " cookie c1\n"
                + "  server s2 127.0.0.1:" + s2.port() + " cookie c2\n";
        Path file = dir.resolve("haproxy.cfg");
        Files.writeString(file, cfg);
        proxy = ProxyDaemon.start(new HaproxyConfigLoader().load(file), Optional.empty(), System.err);
        port = proxy.server().port("fe");
        cli = ((InetSocketAddress) proxy.stats().sockets().get(0).localAddress()).getPort();
    }

    @AfterAll
    static void stop() throws Exception {
        if (proxy != null) proxy.stop(java.time.Duration.ZERO);
        if (s1 != null) s1.close();
        if (s2 != null) s2.close();
    }

    private static RawHttpClient.Response get(String path, String... headers) throws Exception {
        StringBuilder h = new StringBuilder();
        for (int i = 0; i < headers.length; i += 2)
            h.append(headers[i]).append(": ").append(headers[i + 1]).append("\r\n");
        try (RawHttpClient c = new RawHttpClient(port)) {
            c.send("GET " + path + " HTTP/1.1\r\nHost: a\r\n" + h + "\r\n");
            return c.read();
        }
    }

    static void cli(String line) throws Exception {
        try (SocketChannel ch = SocketChannel.open(new InetSocketAddress("127.0.0.1", cli))) {
            ch.write(ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.UTF_8)));
            ByteBuffer b = ByteBuffer.allocate(4096);
            while (ch.read(b) > 0) b.clear();
        }
    }

    @Test
    void forcePersistReachesAServerInMaintenanceOnlyWhenItMatches() throws Exception {
        cli("disable server be/s1");
        try {
            for (int i = 0; i < 3; i++) {
                assertEquals("s2", get("/", "Cookie", "SRV=c1").bodyText().strip(), "s1 is in maintenance");
            }
            RawHttpClient.Response forced = get("/", "Cookie", "SRV=c1", "X-Force", "1");
            assertEquals(200, forced.status());
            assertEquals("s1", forced.bodyText().strip());
            // the cookie was valid: nothing to insert (indirect), and it was removed before the server
            assertNull(forced.header("set-cookie"), String.valueOf(forced.headers()));
            assertNull(s1.lastHeaders.get("cookie"), String.valueOf(s1.lastHeaders));
            // force-persist without a cookie: balancing as usual, never to the server in maintenance
            for (int i = 0; i < 3; i++)
                assertEquals("s2", get("/", "X-Force", "1").bodyText().strip());
        } finally {
            cli("enable server be/s1");
        }
    }

    @Test
    void ignorePersistBalancesWhateverTheCookieSays() throws Exception {
        for (int i = 0; i < 4; i++)
            assertEquals("s2", get("/", "Cookie", "SRV=c2").bodyText().strip());
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 4; i++) {
            RawHttpClient.Response r = get("/static/a.css", "Cookie", "SRV=c2");
            seen.add(r.bodyText().strip());
            // the cookie was not looked at: insert mode sets one for the server chosen
            String set = r.header("set-cookie");
            assertTrue(
                    set != null && set.startsWith("SRV=c" + r.bodyText().strip().charAt(1)), set);
        }
        assertEquals(Set.of("s1", "s2"), seen, "round robin over both servers");
        // and the request's cookie reached the server untouched (indirect mode strips only a cookie it read)
        assertEquals("SRV=c2", s1.lastHeaders.get("cookie"), String.valueOf(s1.lastHeaders));
    }
}

package dev.hapair.proxy.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hapair.proxy.config.HaproxyConfigLoader;
import dev.hapair.proxy.testing.NginxServer;
import dev.hapair.proxy.testing.RawHttpClient;
import dev.hapair.proxy.testing.TestHttpBackend;
import dev.hapair.proxy.tls.TestCerts;
import java.lang.ref.WeakReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A reload frees the previous configuration's data (maps, acl pattern files, stick tables, backends and their
 * servers, TLS contexts) once no connection uses it any more: N reloads keep one configuration alive, not N+1.
 * Checked with weak references to each replaced generation's objects after full collections.
 */
class ReloadRetentionIT {
    private static final int RELOADS = 5;
    private static final int MAP_LINES = 20_000;

    @TempDir
    Path dir;

    private String config(int front, int tls, int backend, int generation) {
        return "defaults\n    mode http\n    timeout connect 2s\n    timeout client 10s\n    timeout server 10s\n"
                + "frontend f\n    bind 127.0.0.1:" + front + "\n"
                + "    bind 127.0.0.1:" + tls + " ssl crt " + dir.resolve("a.pem") + "\n"
                + "    acl blocked path -f " + dir.resolve("blocked.lst") + "\n"
                + "    http-request deny if blocked\n"
                + "    http-request set-header X-Map %[path,map_str(" + dir.resolve("big.map") + ",none)]\n"
                + "    http-request track-sc0 src table app\n"
                + "    http-request set-header X-Generation " + generation + "\n"
                + "    default_backend app\n"
                + "backend app\n    stick-table type ip size 1k expire 1m store http_req_cnt\n"
                + "    server s1 127.0.0.1:" + backend + " check inter 200ms\n"
                // a server that changes every reload: a new ServerRuntime each generation
                + "    server s" + (generation + 2) + " 127.0.0.1:" + backend + " backup\n";
    }

    @Test
    void reloadsDoNotKeepPreviousConfigurations() throws Exception {
        new TestCerts(dir).bundle("a", "a.test");
        StringBuilder map = new StringBuilder();
        StringBuilder blocked = new StringBuilder();
        for (int i = 0; i < MAP_LINES; i++) {
            map.append("/p").append(i).append(" v").append(i).append('\n');
            blocked.append("/blocked").append(i).append('\n');
        }
        Files.writeString(dir.resolve("big.map"), map);
        Files.writeString(dir.resolve("blocked.lst"), blocked);
        int front = NginxServer.freePort();
        int tls = NginxServer.freePort();
        try (TestHttpBackend app = new TestHttpBackend("app")) {
            Path cfg = dir.resolve("haproxy.cfg");
            Files.writeString(cfg, config(front, tls, app.port(), 0));
            ProxyDaemon d = ProxyDaemon.start(new HaproxyConfigLoader().load(cfg), Optional.empty(), System.err);
            try {
                List<WeakReference<Object>> old = new ArrayList<>();
                for (int g = 1; g <= RELOADS; g++) {
                    try (RawHttpClient c = new RawHttpClient(front)) {
                        assertEquals(200, c.get("/p7").status());
                        assertEquals("v7", app.lastHeaders.get("x-map"));
                        assertEquals(403, c.get("/blocked3").status());
                    }
                    assertEquals("HTTP/1.1 200 OK", tlsStatusLine(tls), "a handshake with this generation's context");
                    ProxyRuntime before = d.runtime();
                    old.add(new WeakReference<>(before));
                    old.add(new WeakReference<>(before.maps()));
                    old.add(new WeakReference<>(
                            before.maps().find(dir.resolve("big.map").toString())));
                    old.add(new WeakReference<>(before.sampleEnv().tables()));
                    old.add(new WeakReference<>(before.backend("app")));
                    old.add(new WeakReference<>(before.backend("app").server("s" + (g + 1))));
                    old.add(new WeakReference<>(before.certificates()));
                    old.add(new WeakReference<>(before.frontend("f")));
                    before = null;
                    Files.writeString(cfg, config(front, tls, app.port(), g));
                    d.reload(new HaproxyConfigLoader().load(cfg), System.err);
                    assertNotSame(old.get(old.size() - 8).get(), d.runtime());
                }
                try (RawHttpClient c = new RawHttpClient(front)) {
                    assertEquals(200, c.get("/p9").status());
                    assertEquals("v9", app.lastHeaders.get("x-map"));
                    assertEquals(String.valueOf(RELOADS), app.lastHeaders.get("x-generation"));
                }
                long deadline = System.nanoTime() + 20_000_000_000L;
                while (alive(old) > 0 && System.nanoTime() < deadline) {
                    System.gc();
                    Thread.sleep(100); // connections closed above finish on the event loops
                }
                assertEquals(List.of(), aliveNames(old), "objects of replaced configurations still reachable");
            } finally {
                d.stop(java.time.Duration.ZERO);
            }
        }
    }

    /**
     * As HAProxy's old process serves its clients after a reload: a connection accepted before the reloads keeps
     * its configuration (and so keeps it reachable) until it ends, then it is freed like the others.
     */
    @Test
    void anOpenConnectionKeepsItsConfigurationUntilItCloses() throws Exception {
        new TestCerts(dir).bundle("a", "a.test");
        Files.writeString(dir.resolve("big.map"), "/p7 v7\n");
        Files.writeString(dir.resolve("blocked.lst"), "/blocked3\n");
        int front = NginxServer.freePort();
        int tls = NginxServer.freePort();
        try (TestHttpBackend app = new TestHttpBackend("app")) {
            Path cfg = dir.resolve("haproxy.cfg");
            Files.writeString(cfg, config(front, tls, app.port(), 0));
            ProxyDaemon d = ProxyDaemon.start(new HaproxyConfigLoader().load(cfg), Optional.empty(), System.err);
            try (RawHttpClient first = new RawHttpClient(front)) {
                assertEquals(200, first.get("/p7").status());
                WeakReference<Object> firstMaps =
                        new WeakReference<>(d.runtime().maps());
                for (int g = 1; g <= RELOADS; g++) {
                    Files.writeString(cfg, config(front, tls, app.port(), g));
                    d.reload(new HaproxyConfigLoader().load(cfg), System.err);
                }
                assertEquals(200, first.get("/p7").status());
                assertEquals(
                        "0", app.lastHeaders.get("x-generation"), "served by the configuration it was accepted on");
                System.gc();
                assertTrue(firstMaps.get() != null, "in use by the open connection");
                first.close();
                long deadline = System.nanoTime() + 20_000_000_000L;
                while (firstMaps.get() != null && System.nanoTime() < deadline) {
                    System.gc();
                    Thread.sleep(100);
                }
                assertEquals(null, firstMaps.get(), "freed once its last connection is gone");
            } finally {
                d.stop(java.time.Duration.ZERO);
            }
        }
    }

    private static String tlsStatusLine(int port) throws Exception {
        javax.net.ssl.SSLContext trustAll = javax.net.ssl.SSLContext.getInstance("TLS");
        trustAll.init(null, new javax.net.ssl.TrustManager[] {new TrustAll()}, null);
        try (javax.net.ssl.SSLSocket s =
                (javax.net.ssl.SSLSocket) trustAll.getSocketFactory().createSocket("127.0.0.1", port)) {
            s.setSoTimeout(5000);
            s.getOutputStream()
                    .write("GET /p7 HTTP/1.1\r\nHost: a.test\r\nConnection: close\r\n\r\n"
                            .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            return new java.io.BufferedReader(new java.io.InputStreamReader(
                            s.getInputStream(), java.nio.charset.StandardCharsets.US_ASCII))
                    .readLine();
        }
    }

    /** The test's certificate is self-made: only the handshake matters here. */
    private static final class TrustAll implements javax.net.ssl.X509TrustManager {
        @Override
        public void checkClientTrusted(java.security.cert.X509Certificate[] chain, String authType) {}

        @Override
        public void checkServerTrusted(java.security.cert.X509Certificate[] chain, String authType) {}

        @Override
        public java.security.cert.X509Certificate[] getAcceptedIssuers() {
            return new java.security.cert.X509Certificate[0];
        }
    }

    private static int alive(List<WeakReference<Object>> refs) {
        int n = 0;
        for (WeakReference<Object> r : refs) if (r.get() != null) n++;
        return n;
    }

    private static List<String> aliveNames(List<WeakReference<Object>> refs) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < refs.size(); i++) {
            Object o = refs.get(i).get();
            if (o != null)
                names.add("generation " + (i / 8) + ": " + o.getClass().getSimpleName());
        }
        assertTrue(names.size() <= refs.size());
        return names;
    }
}

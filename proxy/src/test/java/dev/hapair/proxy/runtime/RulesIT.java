package dev.hapair.proxy.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hapair.proxy.config.HaproxyConfigLoader;
import dev.hapair.proxy.testing.NginxServer;
import dev.hapair.proxy.testing.RawHttpClient;
import dev.hapair.proxy.testing.TestHttpBackend;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rule language on real backends: the examples (header set on a condition, a source blocklist
 * file, a local health answer, routing by a host map, a custom log format, an error file) and a routing
 * map edited at runtime with {@code set map} / {@code add map} / {@code del map}, effective without reload.
 */
class RulesIT {
    @TempDir
    static Path dir;

    static TestHttpBackend www;
    static TestHttpBackend api;
    static TestHttpBackend dflt;
    static ProxyDaemon proxy;
    static DatagramSocket syslog;
    static Path map;
    static byte[] errorBody = "<html><body>maintenance</body></html>\n".getBytes(StandardCharsets.US_ASCII);
    static int port;
    static int cli;

    @BeforeAll
    static void start() throws Exception {
        www = new TestHttpBackend("www");
        api = new TestHttpBackend("api");
        dflt = new TestHttpBackend("default");
        syslog = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        syslog.setSoTimeout(5000);
        map = dir.resolve("hosts.map");
        Files.writeString(map, "# host backend\nwww.example.com be_www\ndown.example.com be_down\n");
        Path block = dir.resolve("blocklist");
        Files.writeString(block, "127.0.0.2\n192.0.2.0/24\n");
        Path err = dir.resolve("503.http");
        Files.write(
                err,
                ("HTTP/1.0 503 Service Unavailable\r\nCache-Control: no-cache\r\nConnection: close\r\n"
                                + "Content-Type: text/html\r\n\r\n" + new String(errorBody, StandardCharsets.US_ASCII))
                        .getBytes(StandardCharsets.US_ASCII));
        int fe = NginxServer.freePort();
        String cfg =
                "global\n  stats socket 127.0.0.1:0 level admin\n  log 127.0.0.1:" + syslog.getLocalPort() + " local0\n"
                        + "defaults\n  mode http\n  log global\n  timeout connect 1s\n  timeout client 5s\n  timeout server 5s\n"
                        + "frontend fe\n  bind 127.0.0.1:" + fe + "\n"
                        + "  log-format \"%ci %HM %HP %ST %b/%s tag=%[var(txn.tag)]\"\n"
                        + "  http-request set-var(txn.tag) req.hdr(x-tag),lower\n"
                        + "  http-request set-header X-Forwarded-Proto https if { ssl_fc }\n"
                        + "  http-request set-header X-Forwarded-Proto http unless { ssl_fc }\n"
                        + "  http-request deny if { src -f " + block + " }\n"
                        + "  http-request return status 200 content-type text/plain string ok if { path /healthz }\n"
                        + "  use_backend %[req.hdr(host),lower,map(" + map + ")]\n"
                        + "  default_backend be_default\n"
                        + "backend be_www\n  server s 127.0.0.1:" + www.port() + "\n"
                        + "backend be_api\n  server s 127.0.0.1:" + api.port() + "\n"
                        + "backend be_default\n  server s 127.0.0.1:" + dflt.port() + "\n"
                        + "backend be_down\n  errorfile 503 " + err + "\n  retries 0\n  server s 127.0.0.1:"
                        + NginxServer.freePort() + "\n";
        Path file = dir.resolve("haproxy.cfg");
        Files.writeString(file, cfg);
        proxy = ProxyDaemon.start(new HaproxyConfigLoader().load(file), Optional.empty(), System.err);
        port = proxy.server().port("fe");
        cli = ((InetSocketAddress) proxy.stats().sockets().get(0).localAddress()).getPort();
    }

    @AfterAll
    static void stop() throws Exception {
        if (proxy != null) proxy.stop(java.time.Duration.ZERO);
        for (TestHttpBackend b : new TestHttpBackend[] {www, api, dflt}) if (b != null) b.close();
        if (syslog != null) syslog.close();
    }

    private static RawHttpClient.Response get(String host, String path, String... headers) throws Exception {
        StringBuilder h = new StringBuilder();
        for (int i = 0; i < headers.length; i += 2)
            h.append(headers[i]).append(": ").append(headers[i + 1]).append("\r\n");
        try (RawHttpClient c = new RawHttpClient(port)) {
            c.send("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\n" + h + "\r\n");
            return c.read();
        }
    }

    static String cli(String line) throws Exception {
        try (SocketChannel ch = SocketChannel.open(new InetSocketAddress("127.0.0.1", cli))) {
            ch.write(ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.UTF_8)));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteBuffer b = ByteBuffer.allocate(4096);
            while (ch.read(b) > 0) {
                out.write(b.array(), 0, b.position());
                b.clear();
            }
            return out.toString(StandardCharsets.UTF_8);
        }
    }

    /** The answer without the empty line that ends every non-interactive answer. */
    static String cliText(String line) throws Exception {
        return cli(line).strip();
    }

    @Test
    void headerIsSetOnTheConditionAndBackendsAreChosenByTheHostMap() throws Exception {
        RawHttpClient.Response r = get("WWW.Example.com", "/a");
        assertEquals(200, r.status());
        assertEquals("www\n", r.bodyText());
        assertEquals("http", www.lastHeaders.get("x-forwarded-proto"), "plain HTTP: ssl_fc is false");
        assertEquals("default\n", get("unknown.example.com", "/a").bodyText(), "no map entry: default_backend");
    }

    @Test
    void blocklistFileDeniesItsSources() throws Exception {
        try (Socket s = new Socket()) {
            s.bind(new InetSocketAddress("127.0.0.2", 0));
            s.connect(new InetSocketAddress("127.0.0.1", port));
            s.getOutputStream()
                    .write("GET / HTTP/1.1\r\nHost: www.example.com\r\nConnection: close\r\n\r\n"
                            .getBytes(StandardCharsets.US_ASCII));
            InputStream in = s.getInputStream();
            String reply = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
            assertTrue(reply.startsWith("HTTP/1.1 403 Forbidden\r\n"), reply);
            assertTrue(reply.endsWith("Request forbidden by administrative rules.\n</body></html>\n"), reply);
        }
        assertEquals(200, get("www.example.com", "/").status(), "127.0.0.1 is not in the list");
    }

    @Test
    void healthzIsAnsweredByTheProxy() throws Exception {
        int before = dflt.requests.get() + www.requests.get();
        RawHttpClient.Response r = get("www.example.com", "/healthz");
        assertEquals(200, r.status());
        assertEquals("ok", r.bodyText());
        assertEquals("text/plain", r.header("content-type"));
        assertEquals(before, dflt.requests.get() + www.requests.get(), "no backend saw it");
    }

    @Test
    void errorfileIsServedWhenTheBackendIsDown() throws Exception {
        RawHttpClient.Response r = get("down.example.com", "/");
        assertEquals(503, r.status());
        assertArrayEquals(errorBody, r.body());
        assertEquals("no-cache", r.header("cache-control"));
    }

    @Test
    void logFormatLinesCarrySamples() throws Exception {
        get("www.example.com", "/logged", "X-Tag", "Blue");
        byte[] buf = new byte[4096];
        String line = "";
        long end = System.currentTimeMillis() + 5000;
        while (!line.contains("/logged") && System.currentTimeMillis() < end) {
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            syslog.receive(p);
            line = new String(p.getData(), 0, p.getLength(), StandardCharsets.UTF_8);
        }
        assertTrue(line.contains("127.0.0.1 GET /logged 200 be_www/s tag=blue"), line);
    }

    @Test
    void setMapChangesRoutingWithoutReload() throws Exception {
        assertEquals("default\n", get("api.example.com", "/").bodyText());
        assertEquals("", cliText("add map " + map + " api.example.com be_api"));
        assertEquals("api\n", get("api.example.com", "/").bodyText());
        assertEquals("", cliText("set map " + map + " api.example.com be_www"));
        assertEquals("www\n", get("api.example.com", "/").bodyText());
        assertTrue(cli("show map " + map).contains(" api.example.com be_www\n"));
        assertEquals("", cliText("del map " + map + " api.example.com"));
        assertEquals("default\n", get("api.example.com", "/").bodyText());
        assertEquals("entry not found.", cliText("set map " + map + " nothere.example.com be_www"));
        assertTrue(cli("show map").contains("(" + map + ")"));
    }
}

package dev.hapair.proxy.h2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hapair.proxy.testing.ProxyProcess;
import dev.hapair.proxy.testing.TestHttpBackend;
import dev.hapair.proxy.tls.TestCerts;
import dev.hapair.testkit.Prerequisites;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2Headers;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * HTTP/2 on a hapair-proxy process with real clients ({@code curl --http2} over TLS with ALPN, {@code curl
 * --http2-prior-knowledge} on h2c, {@code nghttp}, {@code h2load}), and the known attacks with a raw frame
 * client: each must close (or refuse) only the attacking connection while another client is served.
 */
class H2IT {
    @TempDir
    static Path dir;

    static TestHttpBackend backend;
    static Process proxy;
    static int h2c;
    static int tls;
    static int tlsH1;

    private record Run(int exit, String out) {}

    @BeforeAll
    static void start() throws Exception {
        Prerequisites.assumeCommands("openssl", "curl", "nghttp", "h2load");
        new TestCerts(dir).bundle("a", "a.test", "a.test");
        backend = new TestHttpBackend("web");
        h2c = freePort();
        tls = freePort();
        tlsH1 = freePort();
        Path cfg = Files.writeString(
                dir.resolve("p.cfg"),
                String.join(
                        "\n",
                        "global",
                        "    crt-base " + dir,
                        "    tune.h2.max-concurrent-streams 20",
                        "defaults",
                        "    mode http",
                        "    timeout connect 2s",
                        "    timeout client 10s",
                        "    timeout server 10s",
                        "frontend f",
                        "    bind 127.0.0.1:" + h2c + " proto h2",
                        "    bind 127.0.0.1:" + tls + " ssl crt a.pem",
                        "    bind 127.0.0.1:" + tlsH1 + " ssl crt a.pem alpn http/1.1",
                        "    http-request set-header X-Alpn %[ssl_fc_alpn] if { ssl_fc }",
                        "    http-request deny if { path /denied }",
                        "    default_backend bk",
                        "backend bk",
                        "    server s1 127.0.0.1:" + backend.port(),
                        ""));
        proxy = ProxyProcess.checkAndStart(cfg, dir.resolve("out.log"));
    }

    @AfterAll
    static void stop() throws Exception {
        if (proxy != null) {
            proxy.destroy();
            if (!proxy.waitFor(10, TimeUnit.SECONDS)) proxy.destroyForcibly();
        }
        if (backend != null) backend.close();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static Run run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        p.getOutputStream().close();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (InputStream in = p.getInputStream()) {
            in.transferTo(out);
        }
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "timed out: " + String.join(" ", cmd));
        return new Run(p.exitValue(), out.toString(StandardCharsets.UTF_8));
    }

    private static String curlTls(int port, String... extra) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of(
                "curl",
                "-sS",
                "--cacert",
                dir.resolve("ca.pem").toString(),
                "--resolve",
                "a.test:" + port + ":127.0.0.1",
                "-w",
                "|%{http_version}|%{http_code}"));
        cmd.addAll(List.of(extra));
        cmd.add("https://a.test:" + port + "/headers");
        Run r = run(cmd.toArray(String[]::new));
        assertEquals(0, r.exit(), r.out());
        return r.out();
    }

    // ---------------------------------------------------------------- real clients

    @Test
    void curlNegotiatesH2ByAlpnAndTheServerGetsHttp11() throws Exception {
        String out = curlTls(tls, "--http2");
        assertTrue(out.endsWith("|2|200"), out);
        // what the server received: an HTTP/1.1 request with Host from :authority, and the ALPN fetch says h2
        assertTrue(out.startsWith("GET /headers HTTP/1.1\r\nhost: a.test:" + tls + "\r\n"), out);
        assertTrue(out.contains("\r\nX-Alpn: h2|"), out);
        String h1 = curlTls(tls, "--http1.1");
        assertTrue(h1.endsWith("|1.1|200"), h1);
        assertTrue(h1.contains("X-Alpn: http/1.1"), h1);
        String onlyH1 = curlTls(tlsH1, "--http2");
        assertTrue(onlyH1.endsWith("|1.1|200"), "alpn http/1.1 only: " + onlyH1);
    }

    @Test
    void curlWithPriorKnowledgeOnH2c() throws Exception {
        Run r = run(
                "curl",
                "-sS",
                "--http2-prior-knowledge",
                "-w",
                "|%{http_version}|%{http_code}",
                "http://127.0.0.1:" + h2c + "/x");
        assertEquals(new Run(0, "web\n|2|200"), r);
        Run denied = run(
                "curl",
                "-sS",
                "--http2-prior-knowledge",
                "-o",
                "/dev/null",
                "-w",
                "%{http_code}",
                "http://127.0.0.1:" + h2c + "/denied");
        assertEquals(new Run(0, "403"), denied, "http-request rules apply to each stream");
    }

    @Test
    void requestBodiesReachTheServerWithAndWithoutALength() throws Exception {
        Path body = Files.write(dir.resolve("body.bin"), new byte[200_000]);
        Run withLength = run(
                "curl",
                "-sS",
                "--http2-prior-knowledge",
                "--data-binary",
                "@" + body,
                "-o",
                dir.resolve("echo1").toString(),
                "-w",
                "%{http_code}",
                "http://127.0.0.1:" + h2c + "/echo");
        assertEquals(new Run(0, "200"), withLength);
        assertEquals(200_000, Files.size(dir.resolve("echo1")));
        // no content-length: curl streams stdin, the proxy sends it chunked
        Process p = new ProcessBuilder(
                        "curl",
                        "-sS",
                        "--http2-prior-knowledge",
                        "-T",
                        "-",
                        "-X",
                        "POST",
                        "-o",
                        dir.resolve("echo2").toString(),
                        "-w",
                        "%{http_code}",
                        "http://127.0.0.1:" + h2c + "/echo")
                .redirectErrorStream(true)
                .start();
        try (var o = p.getOutputStream()) {
            o.write(new byte[70_000]);
        }
        String code = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals("200", code);
        assertEquals(70_000, Files.size(dir.resolve("echo2")));
        assertEquals("chunked", backend.lastHeaders.get("transfer-encoding"));
    }

    @Test
    void nghttpGetsConcurrentStreamsAnswered() throws Exception {
        String base = "http://127.0.0.1:" + h2c;
        Run r = run("nghttp", "-n", "-s", base + "/a", base + "/b", base + "/c", base + "/headers", base + "/big");
        assertEquals(0, r.exit(), r.out());
        // nghttp -s prints one statistics line per completed stream (5 URIs: 5 responses, all 200)
        assertEquals(5, r.out().lines().filter(l -> l.matches(".*\\s200\\s.*")).count(), r.out());
    }

    @Test
    void h2loadLoadWithoutAFailure() throws Exception {
        Run r = run("h2load", "-n", "2000", "-c", "4", "-m", "10", "http://127.0.0.1:" + h2c + "/");
        assertEquals(0, r.exit(), r.out());
        assertTrue(r.out().contains("2000 succeeded, 0 failed, 0 errored"), r.out());
        Run t = run("h2load", "-n", "400", "-c", "4", "-m", "10", "https://127.0.0.1:" + tls + "/");
        assertTrue(t.out().contains("400 succeeded, 0 failed, 0 errored"), t.out());
        assertTrue(t.out().contains("Application protocol: h2"), t.out());
    }

    // ---------------------------------------------------------------- attacks

    private static Http2Headers get(String path) {
        return new DefaultHttp2Headers().method("GET").scheme("http").path(path).authority("a.test");
    }

    /** Another client is served normally while (or right after) a connection was attacked. */
    private static void othersUnaffected() throws Exception {
        Run r = run("curl", "-sS", "--http2-prior-knowledge", "-w", "|%{http_code}", "http://127.0.0.1:" + h2c + "/");
        assertEquals(new Run(0, "web\n|200"), r);
    }

    @Test
    void rapidResetClosesTheConnection() throws Exception {
        // CVE-2023-44487: open a stream and cancel it at once, over and over
        try (RawH2Client c = new RawH2Client(h2c)) {
            int sent = 0;
            try {
                // just past the limit (200 per 30 s): all read by the server before it closes, so the kernel does
                // not reset the connection over unread bytes and drop the GOAWAY
                for (int s = 1; s < 2 * 210; s += 2) {
                    c.headers(s, get("/slow"), true);
                    c.rst(s, (int) Http2Error.CANCEL.code());
                    sent++;
                }
                c.flush();
            } catch (IOException closedWhileSending) {
                // expected once the limit is passed
            }
            RawH2Client.Frame goaway = c.await(RawH2Client.GOAWAY);
            assertNotNull(goaway, "a GOAWAY after " + sent + " resets");
            assertEquals(Http2Error.ENHANCE_YOUR_CALM.code(), goaway.errorCode());
            assertTrue(c.closedByServer());
        }
        othersUnaffected();
    }

    @Test
    void continuationFloodClosesTheConnection() throws Exception {
        try (RawH2Client c = new RawH2Client(h2c)) {
            byte[] block = c.hpack(get("/"));
            c.frame(RawH2Client.HEADERS, 0, 1, java.util.Arrays.copyOf(block, 1)); // no END_HEADERS
            try {
                // past the limit of 16 small ones in a row, in one write (few enough that the server reads them all
                // before it closes: unread bytes would make the kernel reset the connection and drop the GOAWAY)
                c.frames(30, RawH2Client.CONTINUATION, 0, 1, new byte[0]);
                c.flush();
            } catch (IOException closedWhileSending) {
                // expected
            }
            RawH2Client.Frame goaway = c.await(RawH2Client.GOAWAY);
            assertNotNull(goaway);
            assertEquals(Http2Error.ENHANCE_YOUR_CALM.code(), goaway.errorCode());
            assertTrue(c.closedByServer());
        }
        othersUnaffected();
    }

    @Test
    void anOversizedHeaderBlockClosesTheConnection() throws Exception {
        // CONTINUATION frames that each carry bytes: the block is bounded by the header list size, not memory.
        // Two full frames (32 KiB) pass the limit (15 KiB, GOAWAY past 1.25 times that) with the last frame sent:
        // bytes left unread when the server closes would make the kernel reset the connection and drop the
        // GOAWAY (a CI run that sent 100 frames read no GOAWAY).
        try (RawH2Client c = new RawH2Client(h2c)) {
            c.frame(RawH2Client.HEADERS, 0, 1, c.hpack(get("/")));
            try {
                byte[] junk = new byte[16384];
                for (int i = 0; i < 2; i++) c.frame(RawH2Client.CONTINUATION, 0, 1, junk);
                c.flush();
            } catch (IOException closedWhileSending) {
                // expected
            }
            RawH2Client.Frame goaway = c.await(RawH2Client.GOAWAY);
            assertNotNull(goaway);
            assertTrue(c.closedByServer());
        }
        othersUnaffected();
    }

    @Test
    void hpackTableAbuseClosesTheConnection() throws Exception {
        // a dynamic table size update above our SETTINGS_HEADER_TABLE_SIZE (4096): COMPRESSION_ERROR
        try (RawH2Client c = new RawH2Client(h2c)) {
            byte[] update = {0x3f, (byte) 0xe1, (byte) 0xff, 0x03}; // size update to 65536 (5-bit prefix integer)
            byte[] rest = c.hpack(get("/"));
            byte[] block = new byte[update.length + rest.length];
            System.arraycopy(update, 0, block, 0, update.length);
            System.arraycopy(rest, 0, block, update.length, rest.length);
            c.frame(RawH2Client.HEADERS, RawH2Client.END_HEADERS | RawH2Client.END_STREAM, 1, block);
            c.flush();
            RawH2Client.Frame goaway = c.await(RawH2Client.GOAWAY);
            assertNotNull(goaway);
            assertEquals(Http2Error.COMPRESSION_ERROR.code(), goaway.errorCode());
            assertTrue(c.closedByServer());
        }
        othersUnaffected();
    }

    @Test
    void anHpackBombIsRefusedWithoutExpandingIt() throws Exception {
        // one 4000-byte value put in the table, then referenced 2000 times: 8 MB decoded from 6 KB sent
        try (RawH2Client c = new RawH2Client(h2c)) {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            b.write(c.hpack(get("/")));
            b.write(0x40); // literal with incremental indexing, new name
            b.write(6);
            b.write("x-bomb".getBytes(StandardCharsets.US_ASCII));
            b.write(new byte[] {0x7f, (byte) (4000 - 127 & 0x7f | 0x80), (byte) ((4000 - 127) >>> 7)});
            b.write("a".repeat(4000).getBytes(StandardCharsets.US_ASCII));
            for (int i = 0; i < 2000; i++) b.write(0xbe); // indexed: dynamic entry 62
            c.frame(RawH2Client.HEADERS, RawH2Client.END_HEADERS | RawH2Client.END_STREAM, 1, b.toByteArray());
            c.flush();
            RawH2Client.Frame answer;
            do {
                answer = c.read();
            } while (answer != null
                    && answer.type() != RawH2Client.HEADERS
                    && answer.type() != RawH2Client.RST_STREAM
                    && answer.type() != RawH2Client.GOAWAY);
            assertNotNull(answer, "the stream is answered or the connection closed, not left hanging");
            if (answer.type() == RawH2Client.HEADERS) {
                assertEquals("431", c.decode(answer).status().toString(), "header list too large");
            }
        }
        assertEquals(0, countBackendRequestsWith("x-bomb"));
        othersUnaffected();
    }

    private static int countBackendRequestsWith(String header) {
        return backend.lastHeaders.containsKey(header) ? 1 : 0;
    }

    @Test
    void streamsAboveMaxConcurrentStreamsAreRefusedAndAFloodOfThemClosesTheConnection() throws Exception {
        try (RawH2Client c = new RawH2Client(h2c)) {
            Http2Headers post = new DefaultHttp2Headers()
                    .method("POST")
                    .scheme("http")
                    .path("/echo")
                    .authority("a.test")
                    .add("content-length", "10");
            // 20 streams (the configured limit) held open: their bodies never come
            for (int s = 1; s <= 39; s += 2) c.headers(s, post, false);
            c.headers(41, post, false);
            c.flush();
            RawH2Client.Frame rst = c.await(RawH2Client.RST_STREAM);
            assertNotNull(rst);
            assertEquals(41, rst.stream());
            assertEquals(Http2Error.REFUSED_STREAM.code(), rst.errorCode());
            try {
                for (int s = 43; s < 43 + 2 * 205; s += 2) c.headers(s, post, false);
                c.flush();
            } catch (IOException closedWhileSending) {
                // expected
            }
            RawH2Client.Frame goaway = c.await(RawH2Client.GOAWAY);
            assertNotNull(goaway, "a client that keeps opening refused streams is disconnected");
            assertEquals(Http2Error.ENHANCE_YOUR_CALM.code(), goaway.errorCode());
            assertTrue(c.closedByServer());
        }
        othersUnaffected();
    }
}

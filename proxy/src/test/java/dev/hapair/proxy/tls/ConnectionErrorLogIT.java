package dev.hapair.proxy.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hapair.proxy.testing.TestHttpBackend;
import dev.hapair.testkit.Prerequisites;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Connection errors are logged as HAProxy 2.6 logs them (configuration manual 8.2.4, 8.2.5): a TLS handshake that
 * fails or a connection cut before its handshake gives one line, in {@code error-log-format} with {@code fc_err},
 * {@code fc_err_str}, {@code ssl_fc_err}, {@code ssl_fc_err_str}, or HAProxy's short fixed line without one; a
 * successful request logs {@code option httpslog}'s line.
 */
class ConnectionErrorLogIT {

    @TempDir
    static Path dir;

    static TlsClients clients;
    static TestHttpBackend backend;
    static Process proxy;
    static int custom;
    static int legacy;
    static int https;
    static Path log;

    @BeforeAll
    static void start() throws Exception {
        Prerequisites.assumeCommands("openssl", "curl");
        TestCerts certs = new TestCerts(dir);
        clients = new TlsClients(dir, certs);
        certs.bundle("a", "a.test", "a.test");
        certs.bundle("good", "good client");
        certs.selfSigned("rogue", "/CN=rogue");
        Files.writeString(
                dir.resolve("rogue.pem"),
                Files.readString(dir.resolve("rogue.crt")) + Files.readString(dir.resolve("rogue.key")));
        backend = new TestHttpBackend("web");
        custom = TlsClients.freePort();
        legacy = TlsClients.freePort();
        https = TlsClients.freePort();
        Path cfg = Files.writeString(
                dir.resolve("p.cfg"),
                String.join(
                        "\n",
                        "global",
                        "    crt-base " + dir,
                        "defaults",
                        "    mode http",
                        "    log stdout format raw local0",
                        "    timeout connect 2s",
                        "    timeout client 10s",
                        "    timeout server 10s",
                        "listen custom",
                        "    option httpslog",
                        "    error-log-format \"ERROR conn_status:\\\"%[fc_err]:%[fc_err_str]\\\""
                                + " hsk_err:\\\"%[ssl_fc_err]:%[ssl_fc_err_str]\\\" sni=%[ssl_fc_sni] fe=%ft\"",
                        "    bind 127.0.0.1:" + custom + " ssl crt a.pem ca-file " + certs.ca() + " verify required",
                        "    server app 127.0.0.1:" + backend.port(),
                        "listen legacy",
                        "    option httplog",
                        "    bind 127.0.0.1:" + legacy + " name tls-in ssl crt a.pem ca-file " + certs.ca()
                                + " verify required",
                        "    server app 127.0.0.1:" + backend.port(),
                        "listen https",
                        "    option httpslog",
                        "    bind 127.0.0.1:" + https + " ssl crt a.pem",
                        "    server app 127.0.0.1:" + backend.port(),
                        ""));
        TlsClients.Run check = clients.check(cfg);
        assertEquals(0, check.exit(), check.out());
        log = dir.resolve("out.log");
        proxy = TlsClients.start(cfg, log);
    }

    @AfterAll
    static void stop() throws Exception {
        TlsClients.stop(proxy);
        if (backend != null) {
            backend.close();
        }
    }

    /** The first log line containing {@code marker} that appears, waiting up to 10 s. */
    private static String awaitLine(String marker, int skip) throws Exception {
        for (int i = 0; i < 200; i++) {
            List<String> hits = Files.readAllLines(log).stream()
                    .filter(l -> l.contains(marker))
                    .toList();
            if (hits.size() > skip) {
                return hits.get(skip);
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no line with '" + marker + "' in\n" + Files.readString(log));
    }

    @Test
    void aClientWithoutCertificateFailsTheHandshakeAndIsLoggedInTheErrorFormat() throws Exception {
        TlsClients.Run r = clients.curl("a.test", custom, "/");
        assertFalse(r.out().contains("HTTP/"), r.out());
        String line = awaitLine("ERROR conn_status:\"34:", 0);
        // TLS 1.3: the server fails when the client's (empty) certificate message arrives
        assertTrue(
                Pattern.compile("ERROR conn_status:\"34:SSL handshake failure\" hsk_err:\"[1-9][0-9]*:error:[0-9a-f]+:"
                                + "[^\"]+\" sni=a\\.test fe=custom~")
                        .matcher(line)
                        .find(),
                line);
    }

    @Test
    void anUntrustedClientCertificateIsError31() throws Exception {
        clients.curl("a.test", custom, "/", "--cert", dir.resolve("rogue.pem").toString());
        String line = awaitLine("SSL client certificate not trusted", 0);
        assertTrue(
                Pattern.compile("^ERROR conn_status:\"31:SSL client certificate not trusted\" hsk_err:\"[1-9][0-9]*:"
                                + "error:[0-9a-f]+:[^\"]+\" sni=a\\.test fe=custom~$")
                        .matcher(line)
                        .find(),
                line);
    }

    @Test
    void withoutErrorLogFormatTheLineIsHaproxysShortOne() throws Exception {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", legacy));
        } // closed before any handshake byte
        String line = awaitLine("legacy/tls-in:", 0);
        assertTrue(
                Pattern.compile("^127\\.0\\.0\\.1:[0-9]+ \\[[0-9]{2}/[A-Z][a-z]{2}/[0-9]{4}:[0-9:.]+\\] legacy/tls-in:"
                                + " Connection closed during SSL handshake$")
                        .matcher(line)
                        .find(),
                line);
        clients.curl("a.test", legacy, "/", "--cert", dir.resolve("rogue.pem").toString());
        String failed = awaitLine("legacy/tls-in: SSL client certificate not trusted", 0);
        assertTrue(failed.startsWith("127.0.0.1:"), failed);
    }

    @Test
    void aSuccessfulRequestLogsTheHttpsFormat() throws Exception {
        TlsClients.Run r = clients.curl("a.test", https, "/ok", "--http1.1");
        assertTrue(r.out().contains("web"), r.out());
        String line = awaitLine("\"GET /ok HTTP/1.1\"", 0);
        assertTrue(
                Pattern.compile(
                                "^127\\.0\\.0\\.1:[0-9]+ \\[[^]]+\\] https~ https/app [0-9]+/[0-9]+/[0-9]+/[0-9]+/[0-9]+ 200 [0-9]+"
                                        + " - - ---- [0-9]+/[0-9]+/[0-9]+/[0-9]+/0 0/0 \"GET /ok HTTP/1.1\""
                                        + " 0/0000000000000000/0/0/[01] a\\.test/TLSv1\\.3/TLS_AES_256_GCM_SHA384$")
                        .matcher(line)
                        .find(),
                line);
    }
}

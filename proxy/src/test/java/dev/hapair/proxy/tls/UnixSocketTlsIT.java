package dev.hapair.proxy.tls;

import static dev.hapair.proxy.tls.TlsClients.handshaked;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hapair.proxy.testing.TestHttpBackend;
import dev.hapair.testkit.Prerequisites;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Unix socket binds and servers (a path and an abstract name) carrying TLS between two proxies of one
 * hapair-proxy, as HAProxy's ssl reg-tests chain them; client certificates checked against a CRL with
 * {@code crt-ignore-err all} ({@code ssl_c_verify} 0 or 23), {@code ssl_f_*}/{@code ssl_s_*}, {@code option
 * logasap}; with curl and openssl s_client.
 */
class UnixSocketTlsIT {

    @TempDir
    static Path dir;

    static TlsClients clients;
    static TestHttpBackend backend;
    static Process proxy;
    static int front;
    static int abns;
    static String abnsName;

    @BeforeAll
    static void start() throws Exception {
        Prerequisites.assumeCommands("openssl", "curl");
        TestCerts certs = new TestCerts(dir);
        clients = new TlsClients(dir, certs);
        certs.bundle("a", "a.test", "a.test");
        certs.bundle("good", "good client");
        certs.bundle("revoked", "revoked client");
        certs.crl("revoked");
        backend = new TestHttpBackend("web");
        front = TlsClients.freePort();
        abns = TlsClients.freePort();
        abnsName = "hapair-it-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
        Path sock = dir.resolve("tls.sock");
        Path cfg = Files.writeString(
                dir.resolve("p.cfg"),
                String.join(
                        "\n",
                        "global",
                        "    crt-base " + dir,
                        "    tune.ssl.default-dh-param 2048",
                        "defaults",
                        "    mode http",
                        "    log stdout format raw local0",
                        "    option httplog",
                        "    option logasap",
                        "    timeout connect 2s",
                        "    timeout client 10s",
                        "    timeout server 10s",
                        "listen front",
                        "    bind 127.0.0.1:" + front,
                        "    option http-server-close",
                        "    http-response set-header X-S %[ssl_s_s_dn(CN)],%[ssl_s_sha1,hex]",
                        "    http-response set-header X-R %[ssl_bc_is_resumed],%[res.hdr(X-FR)]",
                        "    use_backend revoked if { path /revoked }",
                        "    use_backend fresh if { path /fresh }",
                        "    server s1 " + sock + " ssl verify none sni str(a.test) crt good.pem",
                        "backend fresh",
                        "    server s1 " + sock + " ssl verify none sni str(a.test) crt good.pem no-ssl-reuse",
                        "backend revoked",
                        "    server s1 unix@" + sock + " ssl verify none sni str(a.test) crt revoked.pem",
                        "listen tls",
                        "    bind " + sock + " ssl crt a.pem ca-file " + certs.ca() + " crl-file "
                                + dir.resolve("crl.pem") + " verify optional crt-ignore-err all",
                        "    http-response set-header X-V %[ssl_c_verify],%[ssl_c_err],%[ssl_c_s_dn(CN)]",
                        "    http-response set-header X-F %[ssl_f_s_dn(CN)]",
                        "    http-response set-header X-FR %[ssl_fc_is_resumed]",
                        "    http-request set-header X-Src \"%[src]\"",
                        "    server app 127.0.0.1:" + backend.port(),
                        "listen toabns",
                        "    bind 127.0.0.1:" + abns,
                        "    server s1 abns@" + abnsName,
                        "listen abns",
                        "    bind abns@" + abnsName,
                        "    server app 127.0.0.1:" + backend.port(),
                        ""));
        proxy = clients.checkAndStart(cfg, dir.resolve("out.log"));
    }

    @AfterAll
    static void stop() throws Exception {
        TlsClients.stop(proxy, backend);
    }

    private static String header(String response, String name) {
        return response.lines()
                .filter(l -> l.toLowerCase(Locale.ROOT).startsWith(name.toLowerCase(Locale.ROOT) + ":"))
                .map(l -> l.substring(name.length() + 1).strip())
                .findFirst()
                .orElse(null);
    }

    private static String get(int port, String path) throws Exception {
        TlsClients.Run r = clients.run(
                "", "curl", "-sS", "--max-time", "10", "-D", "-", "-o", "/dev/null", "http://127.0.0.1:" + port + path);
        assertEquals(0, r.exit(), r.out());
        return r.out();
    }

    @Test
    void tlsOverAUnixSocketWithCertificatesTheCrlAccepts() throws Exception {
        String r = get(front, "/");
        assertTrue(r.startsWith("HTTP/1.1 200"), r);
        assertEquals("0,0,good client", header(r, "X-V"));
        assertEquals("a.test", header(r, "X-F"), "ssl_f_*: the listener's certificate");
        String fp = clients.run("", "openssl", "x509", "-in", "a.crt", "-noout", "-fingerprint", "-sha1")
                .out()
                .strip();
        assertEquals("a.test," + fp.substring(fp.indexOf('=') + 1).replace(":", ""), header(r, "X-S"));
        assertEquals("", backend.lastHeaders.get("x-src"), "a unix socket client has no address");
    }

    @Test
    void aRevokedCertificateIsLetThroughByCrtIgnoreErrAndReported() throws Exception {
        String r = get(front, "/revoked");
        assertTrue(r.startsWith("HTTP/1.1 200"), r);
        assertEquals("23,23,revoked client", header(r, "X-V"), "X509_V_ERR_CERT_REVOKED");
        assertTrue(header(r, "X-S").startsWith("a.test,"), r);
    }

    @Test
    void resumedSessionsAreSeenOnBothSides() throws Exception {
        get(front, "/");
        assertEquals("1,1", header(get(front, "/"), "X-R"), "a new server connection resumes the session");
        assertEquals("0,0", header(get(front, "/fresh"), "X-R"), "no-ssl-reuse: a full handshake each time");
    }

    @Test
    void opensslReachesThePathAndAbstractSocketsWork() throws Exception {
        TlsClients.Run s = clients.run(
                "", "openssl", "s_client", "-unix", dir.resolve("tls.sock").toString(), "-servername", "a.test");
        assertTrue(handshaked(s), s.out());
        assertTrue(s.out().contains("subject=CN = a.test"), s.out());
        assertTrue(get(abns, "/").startsWith("HTTP/1.1 200"));
    }

    @Test
    void logasapWritesTheLineWithTotalsSoFar() throws Exception {
        get(front, "/");
        String log = TlsClients.read(dir.resolve("out.log"));
        assertTrue(
                Pattern.compile(" front front/s1 \\d+/\\d+/\\d+/\\d+/\\+\\d+ 200 \\+\\d+ ")
                        .matcher(log)
                        .find(),
                log);
    }
}

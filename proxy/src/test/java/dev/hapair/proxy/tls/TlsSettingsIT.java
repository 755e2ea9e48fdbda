package dev.hapair.proxy.tls;

import static dev.hapair.proxy.tls.TlsClients.handshaked;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hapair.proxy.testing.TestHttpBackend;
import dev.hapair.testkit.Prerequisites;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code crt-list} files (per-line settings, SNI filters, {@code !} exclusions, {@code !*} for a default that
 * never matches by name) and {@code curves}, against {@code openssl s_client} on a hapair-proxy process.
 */
class TlsSettingsIT {

    @TempDir
    static Path dir;

    static TlsClients clients;
    static TestHttpBackend backend;
    static Process proxy;
    static TestHttpBackend other;
    static int list;
    static int curves;
    static int mtls;
    static int tcpSni;

    @BeforeAll
    static void start() throws Exception {
        Prerequisites.assumeCommands("openssl", "curl");
        TestCerts certs = new TestCerts(dir);
        clients = new TlsClients(dir, certs);
        certs.bundle("a", "a.test", "a.test");
        certs.bundle("b", "b.test", "b.test");
        certs.bundle("w", "w.test", "*.w.test");
        certs.bundle("s", "secure.w.test", "secure.w.test");
        Files.writeString(
                dir.resolve("list.txt"),
                String.join(
                        "\n",
                        "# the default: '!*' keeps its own names out of the SNI table",
                        "a.pem !*",
                        "",
                        "b.pem [alpn http/1.1]",
                        "w.pem *.w.test !secure.w.test",
                        "s.pem [ssl-min-ver TLSv1.3] secure.w.test",
                        ""));
        certs.leaf("client", "client one");
        backend = new TestHttpBackend("web");
        other = new TestHttpBackend("other");
        list = TlsClients.freePort();
        curves = TlsClients.freePort();
        mtls = TlsClients.freePort();
        tcpSni = TlsClients.freePort();
        Path cfg = Files.writeString(
                dir.resolve("p.cfg"),
                String.join(
                        "\n",
                        "global",
                        "    crt-base " + dir,
                        "    tune.ssl.cachesize 1000",
                        "    tune.ssl.lifetime 60",
                        "defaults",
                        "    mode http",
                        "    timeout connect 2s",
                        "    timeout client 10s",
                        "    timeout server 10s",
                        "frontend list",
                        "    bind 127.0.0.1:" + list + " ssl crt-list " + dir.resolve("list.txt"),
                        "    default_backend bk",
                        "frontend curves",
                        "    bind 127.0.0.1:" + curves + " ssl crt a.pem curves X25519",
                        "    default_backend bk",
                        "frontend mtls",
                        "    bind 127.0.0.1:" + mtls + " ssl crt a.pem ca-file " + certs.ca() + " verify optional",
                        "    http-request set-header X-C %[ssl_c_s_dn],%[ssl_c_i_dn(CN)],%[ssl_c_verify],"
                                + "%[ssl_c_version],%[ssl_c_sha1,hex]",
                        "    use_backend other if { ssl_c_s_dn(CN) -m str client\\ one }",
                        "    default_backend bk",
                        "frontend tcpsni",
                        "    mode tcp",
                        "    bind 127.0.0.1:" + tcpSni + " ssl crt a.pem crt b.pem",
                        "    tcp-request content reject if { ssl_fc_sni -m str reject.test }",
                        "    use_backend other if { ssl_fc_sni -m str b.test }",
                        "    default_backend bk",
                        "backend bk",
                        "    server s1 127.0.0.1:" + backend.port(),
                        "backend other",
                        "    server s1 127.0.0.1:" + other.port(),
                        ""));
        proxy = clients.checkAndStart(cfg, dir.resolve("out.log"));
    }

    @AfterAll
    static void stop() throws Exception {
        TlsClients.stop(proxy, backend, other);
    }

    @Test
    void clientCertificateFetchesInHeadersAndRouting() throws Exception {
        TlsClients.Run with = clients.curl(
                "a.test",
                mtls,
                "/",
                "--cert",
                dir.resolve("client.crt").toString(),
                "--key",
                dir.resolve("client.key").toString());
        assertEquals(new TlsClients.Run(0, "other\n"), with, "use_backend on ssl_c_s_dn(CN)");
        String fp = clients.run("", "openssl", "x509", "-in", "client.crt", "-noout", "-fingerprint", "-sha1")
                .out()
                .strip();
        assertEquals(
                "/CN=client one,hapair test CA,0,1,"
                        + fp.substring(fp.indexOf('=') + 1).replace(":", ""),
                other.lastHeaders.get("x-c"));
        assertEquals(new TlsClients.Run(0, "web\n"), clients.curl("a.test", mtls, "/"), "verify optional");
        assertEquals(",,0,,", backend.lastHeaders.get("x-c"), "no certificate: no samples, verify result 0");
    }

    @Test
    void tcpModeRulesAndRoutingSeeTheHandshake() throws Exception {
        assertEquals(new TlsClients.Run(0, "other\n"), clients.curl("b.test", tcpSni, "/"));
        assertEquals(new TlsClients.Run(0, "web\n"), clients.curl("a.test", tcpSni, "/"));
        TlsClients.Run rejected = clients.sClient(tcpSni, "-servername", "reject.test");
        assertTrue(handshaked(rejected), "the handshake completes, then content rules reject: " + rejected.out());
        assertFalse(rejected.out().contains("HTTP/1.1"), rejected.out());
    }

    private static String subject(String sni) throws Exception {
        TlsClients.Run r = clients.sClient(list, "-servername", sni);
        assertTrue(handshaked(r), r.out());
        return r.out().lines().filter(l -> l.startsWith("subject=")).findFirst().orElseThrow();
    }

    @Test
    void filtersAndExclusionsChooseTheCertificate() throws Exception {
        assertEquals("subject=CN = b.test", subject("b.test"));
        assertEquals("subject=CN = w.test", subject("www.w.test"));
        assertEquals("subject=CN = secure.w.test", subject("secure.w.test"), "excluded from w, named by s");
        assertEquals("subject=CN = a.test", subject("other.test"), "the first line is the default");
        assertEquals("subject=CN = a.test", subject("a.test"), "'!*': by default only");
        assertEquals(
                "200",
                clients.curl("www.w.test", list, "/", "-o", "/dev/null", "-w", "%{http_code}")
                        .out());
    }

    @Test
    void perLineSettingsApplyToTheirCertificateOnly() throws Exception {
        assertTrue(clients.sClient(list, "-servername", "b.test", "-alpn", "http/1.1")
                .out()
                .contains("ALPN protocol: http/1.1"));
        // the line's alpn http/1.1 offers no h2; the other lines have the bind's default (h2,http/1.1 in mode http)
        assertTrue(clients.sClient(list, "-servername", "b.test", "-alpn", "h2")
                .out()
                .contains("No ALPN negotiated"));
        assertTrue(clients.sClient(list, "-servername", "www.w.test", "-alpn", "h2")
                .out()
                .contains("ALPN protocol: h2"));
        assertFalse(handshaked(clients.sClient(list, "-servername", "secure.w.test", "-tls1_2")), "ssl-min-ver");
        assertTrue(handshaked(clients.sClient(list, "-servername", "www.w.test", "-tls1_2")));
    }

    @Test
    void curvesLimitTheKeyExchangeGroups() throws Exception {
        assertTrue(handshaked(clients.sClient(curves, "-groups", "X25519")));
        assertFalse(handshaked(clients.sClient(curves, "-groups", "P-256")));
        TlsClients.Run r12 = clients.sClient(curves, "-tls1_2", "-groups", "P-256");
        assertFalse(r12.out().contains("Cipher is ECDHE"), "no ECDHE over P-256 with TLSv1.2 either: " + r12.out());
        assertTrue(clients.sClient(curves, "-tls1_2", "-groups", "X25519").out().contains("Cipher is ECDHE"));
    }

    @Test
    void aBrokenCrtListLineIsAnErrorNamingBothFiles() throws Exception {
        Path bad = Files.writeString(dir.resolve("bad.txt"), "a.pem\nnone.pem [verify required] x.test\n");
        Path cfg = Files.writeString(
                dir.resolve("bad.cfg"),
                String.join(
                        "\n",
                        "global",
                        "    crt-base " + dir,
                        "defaults",
                        "    mode http",
                        "    timeout connect 1s",
                        "    timeout client 1s",
                        "    timeout server 1s",
                        "frontend f",
                        "    bind 127.0.0.1:" + TlsClients.freePort() + " ssl crt-list " + bad,
                        "    default_backend bk",
                        "backend bk",
                        "    server s1 127.0.0.1:" + backend.port(),
                        ""));
        TlsClients.Run r = clients.check(cfg);
        assertEquals(1, r.exit(), r.out());
        assertTrue(
                r.out().contains("[ALERT] " + cfg + ":9: 'bind' of frontend 'f': crt-list " + bad + ":2: "), r.out());
        Files.writeString(bad, "a.pem [curves NOPE]\n");
        r = clients.check(cfg);
        assertEquals(1, r.exit(), r.out());
        assertTrue(r.out().contains("crt-list " + bad + ":1: "), r.out());
    }
}

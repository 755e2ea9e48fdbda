package dev.hapair.proxy.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hapair.proxy.testing.ProxyProcess;
import dev.hapair.proxy.testing.TestHttpBackend;
import dev.hapair.testkit.Prerequisites;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS termination against real clients ({@code curl}, {@code openssl s_client}) on a hapair-proxy process:
 * SNI over two certificates and a wildcard, TLS 1.2 and 1.3, ALPN, strict-sni, client certificates, the
 * server's cipher order, tcp mode, and a TLS port that never answers plaintext.
 */
class TlsIT {

    @TempDir
    static Path dir;

    static TestCerts certs;
    static TestHttpBackend backend;
    static Process proxy;
    static int sni;
    static int strict;
    static int mtls;
    static int tls12;
    static int clientOrder;
    static int tcp;
    static int plain;
    static int redirected;

    private record Run(int exit, String out) {}

    @BeforeAll
    static void start() throws Exception {
        Prerequisites.assumeCommands("openssl", "curl");
        certs = new TestCerts(dir);
        Path certDir = Files.createDirectories(dir.resolve("certs"));
        certs.bundle("a", "a.test", "a.test", "*.a.wild");
        certs.leaf("b", "b.test");
        Files.copy(dir.resolve("a.pem"), certDir.resolve("1-a.pem"));
        Files.copy(dir.resolve("b.crt"), certDir.resolve("2-b.pem"));
        Files.copy(dir.resolve("b.key"), certDir.resolve("2-b.pem.key"));
        Files.writeString(
                dir.resolve("b.pem"), Files.readString(dir.resolve("b.crt")) + Files.readString(dir.resolve("b.key")));
        certs.leaf("client", "client one");
        certs.selfSigned("rogue", "/CN=rogue");
        backend = new TestHttpBackend("web");
        sni = freePort();
        strict = freePort();
        mtls = freePort();
        tls12 = freePort();
        clientOrder = freePort();
        tcp = freePort();
        plain = freePort();
        redirected = freePort();
        String order = "ECDHE-RSA-AES256-GCM-SHA384:ECDHE-RSA-AES128-GCM-SHA256";
        Path cfg = Files.writeString(
                dir.resolve("p.cfg"),
                String.join(
                        "\n",
                        "global",
                        "    crt-base " + dir,
                        "    ca-base " + dir,
                        "    ssl-default-bind-options ssl-min-ver TLSv1.2 no-sslv3 no-tlsv10 no-tlsv11",
                        "defaults",
                        "    mode http",
                        "    timeout connect 2s",
                        "    timeout client 10s",
                        "    timeout server 10s",
                        "frontend sni",
                        "    bind 127.0.0.1:" + sni + " ssl crt certs alpn http/1.1 no-tls-tickets",
                        "    default_backend bk",
                        "frontend strict",
                        "    bind 127.0.0.1:" + strict + " ssl crt a.pem crt b.pem strict-sni",
                        "    default_backend bk",
                        "frontend mtls",
                        "    bind 127.0.0.1:" + mtls + " ssl crt a.pem ca-file ca.pem verify required",
                        "    http-request set-header X-Client-Cert %[ssl_c_used]",
                        "    default_backend bk",
                        "frontend tls12",
                        "    bind 127.0.0.1:" + tls12 + " ssl crt a.pem ssl-max-ver TLSv1.2 ciphers " + order,
                        "    default_backend bk",
                        "frontend clientorder",
                        "    bind 127.0.0.1:" + clientOrder + " ssl crt a.pem ciphers " + order
                                + " prefer-client-ciphers",
                        "    default_backend bk",
                        "frontend redir",
                        "    bind 127.0.0.1:" + plain,
                        "    bind 127.0.0.1:" + redirected + " ssl crt a.pem alpn http/1.1",
                        "    http-request redirect scheme https unless { ssl_fc }",
                        "    http-request set-header X-Forwarded-Proto https if { ssl_fc }",
                        "    http-request set-header X-Tls %[ssl_fc_sni],%[ssl_fc_protocol],%[ssl_fc_cipher],%[ssl_fc_alpn],%[ssl_c_used] if { ssl_fc }",
                        "    default_backend bk",
                        "listen tcp",
                        "    mode tcp",
                        "    bind 127.0.0.1:" + tcp + " ssl crt a.pem",
                        "    server s1 127.0.0.1:" + backend.port(),
                        "backend bk",
                        "    server s1 127.0.0.1:" + backend.port(),
                        ""));
        Run check = run("", ProxyProcess.launcher().toString(), "-c", "-f", cfg.toString());
        assertEquals(0, check.exit(), check.out());
        Path log = dir.resolve("out.log");
        proxy = new ProcessBuilder(ProxyProcess.launcher().toString(), "-db", "-f", cfg.toString())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        ProxyProcess.awaitStarted(log, proxy);
        // the provider line follows the start-up line: wait for it rather than race it
        for (int i = 0; i < 200 && !Files.readString(log).contains("TLS by the "); i++) {
            Thread.sleep(50);
        }
        assertTrue(Files.readString(log).contains("TLS by the OpenSSL provider (BoringSSL)"), Files.readString(log));
    }

    @AfterAll
    static void stop() throws Exception {
        if (proxy != null) {
            proxy.destroy();
            proxy.waitFor(10, TimeUnit.SECONDS);
        }
        if (backend != null) {
            backend.close();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static Run run(String stdin, String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .start();
        p.getOutputStream().write(stdin.getBytes(StandardCharsets.US_ASCII));
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), String.join(" ", cmd));
        return new Run(p.exitValue(), out);
    }

    /** {@code curl https://NAME:PORT/} resolved to 127.0.0.1, checking the certificate against the test CA. */
    private static Run curl(String name, int port, String... extra) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(
                "curl",
                "-sS",
                "-o",
                "/dev/null",
                "-w",
                "%{http_code}",
                "--max-time",
                "10",
                "--cacert",
                certs.ca().toString(),
                "--resolve",
                name + ":" + port + ":127.0.0.1"));
        cmd.addAll(List.of(extra));
        cmd.add("https://" + name + ":" + port + "/");
        return run("", cmd.toArray(String[]::new));
    }

    private static Run sClient(int port, String... extra) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("openssl", "s_client", "-connect", "127.0.0.1:" + port));
        cmd.addAll(List.of(extra));
        return run("", cmd.toArray(String[]::new));
    }

    private static boolean handshaked(Run r) {
        return r.out().contains("New, TLSv1.");
    }

    @Test
    void sniPicksEachCertificateAndCurlVerifiesTheName() throws Exception {
        assertEquals(new Run(0, "200"), curl("a.test", sni));
        assertEquals(new Run(0, "200"), curl("b.test", sni), "the second certificate of the directory");
        assertEquals(new Run(0, "200"), curl("www.a.wild", sni), "a wildcard name");
        Run other = sClient(sni, "-servername", "c.test");
        assertTrue(other.out().contains("subject=CN = a.test"), "the first certificate is the default: " + other.out());
        Run b = sClient(sni, "-servername", "b.test");
        assertTrue(b.out().contains("subject=CN = b.test"), b.out());
        assertTrue(backend.requests.get() >= 3, "the requests reached the server");
    }

    @Test
    void tls12AndTls13AndNothingBelow() throws Exception {
        assertTrue(sClient(sni, "-tls1_3").out().contains("New, TLSv1.3, Cipher is TLS_"));
        assertTrue(sClient(sni, "-tls1_2").out().contains("New, TLSv1.2, Cipher is ECDHE-"));
        assertFalse(handshaked(sClient(sni, "-tls1_1", "-cipher", "DEFAULT@SECLEVEL=0")));
        Run r = sClient(tls12, "-tls1_3");
        assertFalse(handshaked(r), "ssl-max-ver TLSv1.2: " + r.out());
        assertTrue(sClient(tls12).out().contains("New, TLSv1.2"));
    }

    @Test
    void alpnOffersWhatTheBindSays() throws Exception {
        assertTrue(sClient(sni, "-alpn", "h2,http/1.1").out().contains("ALPN protocol: http/1.1"));
        assertTrue(sClient(sni, "-alpn", "h2").out().contains("No ALPN negotiated"));
        // no alpn on an http bind: h2,http/1.1 (HAProxy 2.8+'s default; 2.6 announced none)
        assertTrue(sClient(strict, "-servername", "a.test", "-alpn", "http/1.1")
                .out()
                .contains("ALPN protocol: http/1.1"));
        assertTrue(sClient(strict, "-servername", "a.test", "-alpn", "h2").out().contains("ALPN protocol: h2"));
        assertTrue(sClient(tcp, "-alpn", "h2,http/1.1").out().contains("No ALPN negotiated"), "mode tcp: none");
    }

    @Test
    void strictSniRefusesUnknownOrMissingNames() throws Exception {
        // told why, as by HAProxy 2.6.12: a fatal unrecognized_name alert (112), not a bare close
        Run c = sClient(strict, "-servername", "c.test");
        assertTrue(!handshaked(c) && c.out().contains("unrecognized name"), c.out());
        Run none = sClient(strict, "-noservername");
        assertTrue(!handshaked(none) && none.out().contains("unrecognized name"), none.out());
        Run b = sClient(strict, "-servername", "b.test");
        assertTrue(handshaked(b) && b.out().contains("subject=CN = b.test"), b.out());
        assertEquals(new Run(0, "200"), curl("a.test", strict));
    }

    @Test
    void verifyRequiredNeedsAClientCertificateSignedByTheCa() throws Exception {
        Run none = curl("a.test", mtls);
        assertNotEquals(0, none.exit(), none.out());
        Run rogue = curl(
                "a.test",
                mtls,
                "--cert",
                dir.resolve("rogue.crt").toString(),
                "--key",
                dir.resolve("rogue.key").toString());
        assertNotEquals(0, rogue.exit(), rogue.out());
        // the alert OpenSSL sends for the verify error, as haproxy 2.6.12's clients read it (hapair sent
        // internal_error before session 15)
        Run alert = sClient(
                mtls,
                "-tls1_2", // the alert ends the handshake (in TLSv1.3 it follows the client's Finished)
                "-cert",
                dir.resolve("rogue.crt").toString(),
                "-key",
                dir.resolve("rogue.key").toString());
        assertTrue(alert.out().contains("alert unknown ca"), alert.out());
        assertEquals(
                new Run(0, "200"),
                curl(
                        "a.test",
                        mtls,
                        "--cert",
                        dir.resolve("client.crt").toString(),
                        "--key",
                        certs.key("client").toString()));
        assertEquals("1", backend.lastHeaders.get("x-client-cert"), "ssl_c_used");
    }

    @Test
    void theServersCipherOrderWinsUnlessPreferClientCiphers() throws Exception {
        String clientOrderList = "ECDHE-RSA-AES128-GCM-SHA256:ECDHE-RSA-AES256-GCM-SHA384";
        assertTrue(sClient(tls12, "-tls1_2", "-cipher", clientOrderList)
                .out()
                .contains("Cipher is ECDHE-RSA-AES256-GCM-SHA384"));
        assertTrue(sClient(clientOrder, "-tls1_2", "-cipher", clientOrderList)
                .out()
                .contains("Cipher is ECDHE-RSA-AES128-GCM-SHA256"));
        Run outside = sClient(tls12, "-tls1_2", "-cipher", "ECDHE-RSA-CHACHA20-POLY1305");
        assertFalse(handshaked(outside), "a cipher outside 'ciphers' is never negotiated: " + outside.out());
    }

    @Test
    void sessionTicketsAreIssuedUnlessNoTlsTickets() throws Exception {
        Run off = sClient(sni, "-tls1_2");
        assertTrue(handshaked(off), off.out());
        assertFalse(off.out().contains("TLS session ticket:"), "no-tls-tickets: " + off.out());
        Run on = sClient(tcp, "-tls1_2");
        assertTrue(on.out().contains("TLS session ticket:"), "HAProxy's default issues tickets: " + on.out());
    }

    @Test
    void sslFcTellsTlsFromPlaintextForRedirectsAndHeaders() throws Exception {
        Run r = run(
                "",
                "curl",
                "-sS",
                "-o",
                "/dev/null",
                "-w",
                "%{http_code} %{redirect_url}",
                "--max-time",
                "10",
                "http://127.0.0.1:" + plain + "/x");
        assertEquals(new Run(0, "302 https://127.0.0.1:" + plain + "/x"), r);
        assertEquals(new Run(0, "200"), curl("a.test", redirected));
        assertEquals("https", backend.lastHeaders.get("x-forwarded-proto"), backend.lastHeaders.toString());
        assertEquals(
                new Run(0, "200"),
                curl(
                        "a.test",
                        redirected,
                        "--tlsv1.2",
                        "--tls-max",
                        "1.2",
                        "--ciphers",
                        "ECDHE-RSA-AES128-GCM-SHA256"));
        assertEquals("a.test,TLSv1.2,ECDHE-RSA-AES128-GCM-SHA256,http/1.1,0", backend.lastHeaders.get("x-tls"));
        assertEquals(new Run(0, "200"), curl("a.test", redirected, "--tlsv1.3"));
        assertTrue(
                backend.lastHeaders.get("x-tls").matches("a\\.test,TLSv1\\.3,TLS_AES_\\w+,http/1\\.1,0"),
                backend.lastHeaders.toString());
    }

    @Test
    void tcpModeTerminatesTlsToo() throws Exception {
        assertEquals(new Run(0, "200"), curl("a.test", tcp));
    }

    @Test
    void theTlsPortNeverServesPlaintext() throws Exception {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), sni)) {
            s.setSoTimeout(5000);
            s.getOutputStream().write("GET / HTTP/1.1\r\nHost: a.test\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            InputStream in = s.getInputStream();
            byte[] buf = new byte[4096];
            try {
                for (int n; (n = in.read(buf)) != -1; ) {
                    got.write(buf, 0, n);
                }
            } catch (SocketTimeoutException | java.net.SocketException e) {
                // closed or silent: either way no HTTP
            }
            assertFalse(got.toString(StandardCharsets.ISO_8859_1).contains("HTTP/"), got.toString());
        }
    }

    @Test
    void aKeyThatDoesNotMatchIsAnErrorAtCheckWithFileAndLine() throws Exception {
        Path bad = dir.resolve("bad.pem");
        Files.writeString(bad, Files.readString(dir.resolve("a.crt")) + Files.readString(dir.resolve("b.key")));
        Path cfg = Files.writeString(
                dir.resolve("bad.cfg"),
                String.join(
                        "\n",
                        "defaults",
                        "    mode http",
                        "    timeout connect 1s",
                        "    timeout client 1s",
                        "    timeout server 1s",
                        "frontend f",
                        "    bind 127.0.0.1:" + freePort() + " ssl crt " + bad,
                        "    default_backend bk",
                        "backend bk",
                        "    server s1 127.0.0.1:" + backend.port(),
                        ""));
        Run r = run("", ProxyProcess.launcher().toString(), "-c", "-f", cfg.toString());
        assertEquals(1, r.exit(), r.out());
        assertTrue(
                r.out()
                        .contains("[ALERT] " + cfg + ":7: 'bind' of frontend 'f': '" + bad
                                + "': the private key does not match the certificate 'CN=a.test'"),
                r.out());
    }
}

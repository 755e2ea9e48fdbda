package dev.hapair.proxy.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hapair.proxy.testing.TestHttpBackend;
import dev.hapair.testkit.Prerequisites;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One name served by an RSA and an ECDSA certificate, each client getting the one it can verify, against real
 * clients ({@code openssl s_client} with {@code -cipher} and {@code -sigalgs}, {@code curl}): a multi-certificate
 * bundle ({@code crt site.pem} = {@code site.pem.ecdsa} + {@code site.pem.rsa}) whose files are replaced one by
 * one over the runtime API, two {@code crt} of one name, and the crt-list of HAProxy's ssl_crt-list_filters
 * reg-test with its {@code kRSA}/{@code aECDSA} cipher aliases. Also what {@code -c} says about such settings.
 */
class KeyTypeSelectionIT {

    @TempDir
    static Path dir;

    static TestCerts certs;
    static TlsClients clients;
    static TestHttpBackend backend;
    static Process proxy;
    static int bundlePort;
    static int twoCrtPort;
    static int filtersPort;
    static int curvesPort;
    static Path sock;

    private static final String RSA_SUITE = "ECDHE-RSA-AES128-GCM-SHA256";
    private static final String ECDSA_SUITE = "ECDHE-ECDSA-AES128-GCM-SHA256";

    @BeforeAll
    static void start() throws Exception {
        Prerequisites.assumeCommands("openssl", "curl", "socat");
        certs = new TestCerts(dir);
        clients = new TlsClients(dir, certs);
        // same name, told apart by their CN
        certs.bundle("r", "rsa.site", "site.test");
        certs.ecBundle("e", "ecdsa.site", "site.test");
        certs.bundle("r2", "rsa2.site", "site.test");
        Path b = Files.createDirectories(dir.resolve("bundle"));
        Files.copy(dir.resolve("r.pem"), b.resolve("site.pem.rsa"));
        Files.copy(dir.resolve("e.pem"), b.resolve("site.pem.ecdsa"));
        // reg-test ssl_crt-list_filters (bugs #810 and #818)
        certs.bundle("common", "common.site");
        certs.ecBundle("ecdsa", "ecdsa.filters");
        Files.writeString(
                dir.resolve("filters.crt-list"),
                "common.pem *.bug810.domain.tld record.bug810.domain.tld *.bug818.domain.tld "
                        + "!another-record.bug818.domain.tld\n"
                        + "ecdsa.pem record.bug810.domain.tld another-record.bug810.domain.tld *.bug818.domain.tld\n");
        certs.ecLeafOn("P-256", "client256", "client 256");
        certs.ecLeafOn("P-384", "client384", "client 384");
        Files.writeString(dir.resolve("knob.crt-list"), "r.pem\ne.pem [allow-0rtt] site.test\n");
        backend = new TestHttpBackend("web");
        curvesPort = TlsClients.freePort();
        bundlePort = TlsClients.freePort();
        twoCrtPort = TlsClients.freePort();
        filtersPort = TlsClients.freePort();
        sock = dir.resolve("admin.sock");
        Path cfg = Files.writeString(
                dir.resolve("p.cfg"),
                String.join(
                        "\n",
                        "global",
                        "    crt-base " + dir,
                        "    ca-base " + dir,
                        "    stats socket " + sock + " level admin",
                        "defaults",
                        "    mode http",
                        "    timeout connect 2s",
                        "    timeout client 10s",
                        "    timeout server 10s",
                        "frontend bundle",
                        "    bind 127.0.0.1:" + bundlePort + " ssl crt " + b.resolve("site.pem") + " alpn http/1.1",
                        "    default_backend bk",
                        "frontend twocrt",
                        "    bind 127.0.0.1:" + twoCrtPort + " ssl crt r.pem crt e.pem strict-sni",
                        "    default_backend bk",
                        "frontend knob",
                        "    bind 127.0.0.1:" + TlsClients.freePort() + " ssl crt-list " + dir.resolve("knob.crt-list"),
                        "    default_backend bk",
                        "frontend curves",
                        "    bind 127.0.0.1:" + curvesPort
                                + " ssl crt r.pem ca-file ca.pem verify optional curves P-384",
                        "    default_backend bk",
                        "frontend filters",
                        "    bind 127.0.0.1:" + filtersPort + " ssl strict-sni ssl-min-ver TLSv1.2 ssl-max-ver TLSv1.2 "
                                + "ciphers kRSA:aECDSA crt-list " + dir.resolve("filters.crt-list"),
                        "    default_backend bk",
                        "backend bk",
                        "    server s1 127.0.0.1:" + backend.port(),
                        ""));
        proxy = clients.checkAndStart(cfg, dir.resolve("out.log"));
    }

    @AfterAll
    static void stop() throws Exception {
        TlsClients.stop(proxy, backend);
    }

    /** The subject CN of the certificate {@code openssl s_client} got, or "" when the handshake failed. */
    private static String served(int port, String sni, String... options) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("-servername", sni));
        cmd.addAll(List.of(options));
        TlsClients.Run r = clients.sClient(port, cmd.toArray(String[]::new));
        if (!TlsClients.handshaked(r)) return "";
        for (String line : r.out().split("\n")) {
            // "subject=CN = rsa.site" (OpenSSL 3.0)
            if (line.startsWith("subject="))
                return line.substring(line.indexOf("CN = ") + 5).strip();
        }
        throw new AssertionError("no subject in\n" + r.out());
    }

    @Test
    void aBundleServesRsaOrEcdsaByWhatTheClientOffers() throws Exception {
        assertEquals("rsa.site", served(bundlePort, "site.test", "-tls1_2", "-cipher", RSA_SUITE));
        assertEquals("ecdsa.site", served(bundlePort, "site.test", "-tls1_2", "-cipher", ECDSA_SUITE));
        assertEquals(
                "ecdsa.site",
                served(bundlePort, "site.test", "-tls1_2", "-cipher", RSA_SUITE + ":" + ECDSA_SUITE),
                "a client that can do both gets ECDSA");
        assertEquals(
                "rsa.site",
                served(
                        bundlePort,
                        "site.test",
                        "-tls1_2",
                        "-cipher",
                        RSA_SUITE + ":" + ECDSA_SUITE,
                        "-sigalgs",
                        "RSA+SHA256:RSA+SHA384"),
                "no ECDSA signature scheme: RSA");
        assertEquals("ecdsa.site", served(bundlePort, "site.test", "-tls1_3"), "TLS 1.3 suites serve ECDSA");
        assertEquals(
                "rsa.site",
                served(bundlePort, "site.test", "-tls1_3", "-sigalgs", "RSA-PSS+SHA256:RSA+SHA256"),
                "TLS 1.3 without ECDSA schemes");
        assertEquals(
                "ecdsa.site",
                served(bundlePort, "other.test", "-tls1_2", "-cipher", RSA_SUITE + ":" + ECDSA_SUITE),
                "no name match: the default certificate, the bundle's first file (.ecdsa)");
    }

    @Test
    void curlGetsTheCertificateOfItsCipher() throws Exception {
        for (String[] c : List.of(new String[] {RSA_SUITE, "rsa.site"}, new String[] {ECDSA_SUITE, "ecdsa.site"})) {
            TlsClients.Run r = clients.curl(
                    "site.test", bundlePort, "/", "-v", "--tlsv1.2", "--tls-max", "1.2", "--ciphers", c[0]);
            assertEquals(0, r.exit(), r.out());
            assertTrue(r.out().contains("subject: CN=" + c[1]), r.out());
        }
    }

    @Test
    void twoCrtOfOneNameAreChosenLikeABundle() throws Exception {
        assertEquals("rsa.site", served(twoCrtPort, "site.test", "-tls1_2", "-cipher", RSA_SUITE));
        assertEquals("ecdsa.site", served(twoCrtPort, "site.test", "-tls1_2", "-cipher", ECDSA_SUITE));
        assertEquals("", served(twoCrtPort, "other.test", "-tls1_2"), "strict-sni");
    }

    @Test
    void theFiltersRegTestsCrtList() throws Exception {
        // #810: kRSA gets the RSA wildcard over the ECDSA exact name; aECDSA the ECDSA one
        assertEquals("common.site", served(filtersPort, "another-record.bug810.domain.tld", "-cipher", "kRSA"));
        assertEquals("ecdsa.filters", served(filtersPort, "another-record.bug810.domain.tld", "-cipher", "aECDSA"));
        // #818: the RSA line excludes the name, so only the ECDSA certificate remains, which kRSA cannot use
        assertEquals("", served(filtersPort, "another-record.bug818.domain.tld", "-cipher", "kRSA"));
        assertEquals("common.site", served(filtersPort, "x.bug818.domain.tld", "-cipher", "kRSA"));
    }

    @Test
    void aTls12ClientCertificateOnACurveOutsideTheBindsGroupsIsRefused() throws Exception {
        // reg-test ssl_curves: OpenSSL refuses it ("wrong curve"), BoringSSL would not; TLS 1.3 binds the curve
        // to the signature scheme instead
        // curl: openssl s_client prints its TLS 1.2 session even when the server's alert follows its Finished
        String[] tls12 = {"--tlsv1.2", "--tls-max", "1.2"};
        TlsClients.Run p256 = clients.curl(
                "site.test", curvesPort, "/", concat(tls12, "--cert", "client256.crt", "--key", "client256.key"));
        assertTrue(p256.exit() != 0 && p256.out().contains("alert"), p256.out());
        TlsClients.Run p384 = clients.curl(
                "site.test", curvesPort, "/", concat(tls12, "--cert", "client384.crt", "--key", "client384.key"));
        assertEquals(0, p384.exit(), p384.out());
        TlsClients.Run none = clients.curl("site.test", curvesPort, "/", tls12);
        assertEquals(0, none.exit(), "no certificate: nothing to check\n" + none.out());
        TlsClients.Run tls13 = clients.curl(
                "site.test", curvesPort, "/", "--tlsv1.3", "--cert", "client256.crt", "--key", "client256.key");
        assertEquals(0, tls13.exit(), "TLS 1.3: the curve goes with the signature scheme\n" + tls13.out());
        String log = TlsClients.read(dir.resolve("out.log"));
        assertFalse(log.contains("Exception"), log);
    }

    private static String[] concat(String[] a, String... b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @Test
    void eachFileOfABundleIsReplacedOverTheRuntimeApi() throws Exception {
        String rsa = dir.resolve("bundle/site.pem.rsa").toString();
        String show = clients.cli(sock, "show ssl cert\n");
        assertTrue(show.contains(rsa + "\n") && show.contains(dir.resolve("bundle/site.pem.ecdsa") + "\n"), show);
        assertTrue(clients.cli(sock, "show ssl cert " + dir.resolve("bundle/site.pem") + "\n")
                .startsWith("Can't display the certificate: Not found or the certificate is a bundle!"));
        String set =
                clients.cli(sock, "set ssl cert " + rsa + " <<\n" + Files.readString(dir.resolve("r2.pem")) + "\n");
        assertTrue(set.contains("Transaction created for certificate " + rsa), set);
        String commit = clients.cli(sock, "commit ssl cert " + rsa + "\n");
        assertTrue(commit.contains("Success!"), commit);
        assertEquals("rsa2.site", served(bundlePort, "site.test", "-tls1_2", "-cipher", RSA_SUITE));
        assertEquals("ecdsa.site", served(bundlePort, "site.test", "-tls1_2", "-cipher", ECDSA_SUITE), "untouched");
        // back, so the other tests' expectations hold whatever the order
        clients.cli(sock, "set ssl cert " + rsa + " <<\n" + Files.readString(dir.resolve("r.pem")) + "\n");
        assertTrue(clients.cli(sock, "commit ssl cert " + rsa + "\n").contains("Success!"));
    }

    @Test
    void checkWarnsOfATuningKnobOnACrtListLineAndRefusesUnreadCipherStrings() throws Exception {
        Path list = dir.resolve("knob.crt-list");
        String started = TlsClients.read(dir.resolve("out.log"));
        assertTrue(
                started.contains("[WARNING] " + list + ":2") && started.contains("allow-0rtt"),
                "at start as at -c\n" + started);
        TlsClients.Run ok = clients.check(config("knob", "crt-list " + list));
        assertEquals(0, ok.exit(), ok.out());
        assertTrue(
                ok.out().contains("[WARNING]")
                        && ok.out().contains(list + ":2")
                        && ok.out().contains("allow-0rtt"),
                ok.out());
        Path cfg = config("high", "crt r.pem ciphers HIGH:!aNULL");
        TlsClients.Run high = clients.check(cfg);
        assertEquals(1, high.exit(), high.out());
        assertTrue(
                high.out().contains(cfg + ":4") && high.out().contains("cipher 'HIGH' is not supported"), high.out());
        Path bad = Files.writeString(dir.resolve("bad.crt-list"), "r.pem\ne.pem [ciphers ECDHE+AESGCM] site.test\n");
        TlsClients.Run line = clients.check(config("badline", "crt-list " + bad));
        assertEquals(1, line.exit(), line.out());
        assertTrue(line.out().contains(bad + ":2") && line.out().contains("'ECDHE+AESGCM'"), line.out());
        TlsClients.Run missing = clients.check(config("missing", "crt " + dir.resolve("bundle/none.pem")));
        assertEquals(1, missing.exit(), missing.out());
        assertFalse(missing.out().contains("Exception"), missing.out());
        assertTrue(missing.out().contains("none.pem") && missing.out().contains("no such file"), missing.out());
    }

    private static Path config(String name, String bindTls) throws Exception {
        return Files.writeString(
                dir.resolve(name + ".cfg"),
                String.join(
                        "\n",
                        "global",
                        "    crt-base " + dir,
                        "frontend f",
                        "    bind 127.0.0.1:" + TlsClients.freePort() + " ssl " + bindTls,
                        "    mode http",
                        "    timeout client 10s",
                        "    default_backend bk",
                        "backend bk",
                        "    mode http",
                        "    timeout connect 2s",
                        "    timeout server 10s",
                        "    server s1 127.0.0.1:" + backend.port(),
                        ""));
    }
}

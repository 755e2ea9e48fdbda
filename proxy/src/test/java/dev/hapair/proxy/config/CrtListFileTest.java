package dev.hapair.proxy.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hapair.common.config.SourceLocation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** crt-list lines as HAProxy 2.6 reads them (doc/configuration.txt "crt-list"). */
class CrtListFileTest {

    private static final SourceLocation AT = new SourceLocation("l.txt", 3);

    private static CrtListEntry line(String text) throws CrtListException {
        return CrtListFile.parseLine(text, AT, new java.util.ArrayList<>()).orElseThrow();
    }

    private static String error(String text) {
        return assertThrows(CrtListException.class, () -> CrtListFile.parseLine(text, AT, new java.util.ArrayList<>()))
                .getMessage();
    }

    @Test
    void theManualsExampleFile(@TempDir Path dir) throws Exception {
        Path f = Files.writeString(
                dir.resolve("list.txt"),
                """
                cert1.pem !*
                # comment

                cert2.pem [alpn http/1.1]
                certW.pem                   *.domain.tld !secure.domain.tld
                certS.pem [curves X25519:P-256 ciphers ECDHE-ECDSA-AES256-GCM-SHA384] secure.domain.tld
                """);
        List<CrtListEntry> l = CrtListFile.read(f, new java.util.ArrayList<>());
        assertEquals(4, l.size());
        assertEquals("cert1.pem", l.get(0).crt());
        assertEquals(List.of("!*"), l.get(0).filters());
        assertEquals(CrtLineOptions.NONE, l.get(0).options());
        assertEquals(Optional.of(List.of("http/1.1")), l.get(1).options().alpn());
        assertEquals(List.of(), l.get(1).filters());
        assertEquals(4, l.get(1).location().line());
        assertEquals(List.of("*.domain.tld", "!secure.domain.tld"), l.get(2).filters());
        CrtLineOptions s = l.get(3).options();
        assertEquals(Optional.of("X25519:P-256"), s.curves());
        assertEquals(Optional.of("ECDHE-ECDSA-AES256-GCM-SHA384"), s.ciphers());
        assertEquals(List.of("secure.domain.tld"), l.get(3).filters());
        assertEquals(
                f + ":6", l.get(3).location().file() + ":" + l.get(3).location().line());
    }

    @Test
    void everyImplementedLineOption() throws Exception {
        CrtLineOptions o =
                line("c.pem [ca-file ca.pem ca-verify-file root.pem crl-file crl.pem verify required ssl-min-ver TLSv1.3 ssl-max-ver TLSv1.3 "
                                + "ciphersuites TLS_AES_128_GCM_SHA256 ecdhe P-384] a.test")
                        .options();
        assertEquals(Optional.of("ca.pem"), o.caFile());
        assertEquals(Optional.of("root.pem"), o.caVerifyFile());
        assertEquals(Optional.of("crl.pem"), o.crlFile());
        assertEquals(Optional.of(VerifyMode.REQUIRED), o.verify());
        assertEquals(Optional.of(TlsVersion.TLSV13), o.minVer());
        assertEquals(Optional.of(TlsVersion.TLSV13), o.maxVer());
        assertEquals(Optional.of("TLS_AES_128_GCM_SHA256"), o.ciphersuites());
        assertEquals(Optional.of("P-384"), o.curves());
        assertEquals(
                Optional.of("X25519"),
                line("c.pem [curves X25519 ecdhe P-384]").options().curves(),
                "with curves, ecdhe is ignored");
        assertEquals(List.of("a.test"), line("c.pem[verify none]a.test").filters(), "brackets separate words too");
    }

    @Test
    void blankLinesAreNothing() throws Exception {
        assertTrue(CrtListFile.parseLine("   ", AT, new java.util.ArrayList<>()).isEmpty());
    }

    @Test
    void malformedLinesAreErrorsNamingFileAndLine() {
        assertEquals("crt-list l.txt:3: too many '['", error("c.pem [verify none] [alpn http/1.1]"));
        assertEquals("crt-list l.txt:3: missing '['", error("c.pem verify none]"));
        assertEquals("crt-list l.txt:3: missing ']'", error("c.pem [verify none"));
        assertEquals("crt-list l.txt:3: too many ']'", error("c.pem [verify none]]"));
        assertEquals("crt-list l.txt:3: the line must start with a certificate file", error("[verify none] c.pem"));
        assertEquals("crt-list l.txt:3: '[' must follow the certificate file", error("c.pem a.test [verify none]"));
        assertTrue(error("c.pem [verfy none]").contains("unknown keyword 'verfy'"), error("c.pem [verfy none]"));
        assertTrue(error("c.pem [verify]").contains("'verify' expects a value"), error("c.pem [verify]"));
        assertTrue(error("c.pem [verify sometimes]").contains("expects 'none', 'optional' or 'required'"));
        assertTrue(error("c.pem *x.test").contains("invalid SNI filter '*x.test'"));
        assertTrue(error("c.pem [ssl-max-ver TLSv1.0]").contains("offers nothing below TLSv1.2"));
    }

    @Test
    void wordsHapairDoesNotImplementAreErrors() {
        for (String w : List.of("npn h2", "no-ca-names")) {
            String e = error("c.pem [" + w + "]");
            assertTrue(e.contains("'" + w.split(" ")[0] + "' is not supported by hapair-proxy"), e);
            assertTrue(e.contains("crt-list l.txt:3"), e);
        }
    }

    @Test
    void allow0rttAndALowSslMinVerAreReadAsHaproxyOnOpenSsl3HasThem() throws Exception {
        // add_ssl_crt-list's line: early data is declined (tuning table), the floor stays TLSv1.2
        CrtListEntry e = line("e.pem [ssl-min-ver SSLv3 verify none allow-0rtt] localhost !www.test1.com");
        assertEquals(Optional.of(TlsVersion.SSLV3), e.options().minVer());
        assertEquals(Optional.of(VerifyMode.NONE), e.options().verify());
        assertEquals(List.of("localhost", "!www.test1.com"), e.filters());
        assertEquals("e.pem [ssl-min-ver SSLv3 verify none allow-0rtt] localhost !www.test1.com", e.text());
    }

    @Test
    void aTuningKnobOnALineIsAWarningNamingTheCrtListFileAndLine(@TempDir Path dir) throws Exception {
        Path f = Files.writeString(dir.resolve("list.txt"), "a.pem\nb.pem [allow-0rtt] b.test\n");
        List<ConfigDiagnostic> warnings = new java.util.ArrayList<>();
        List<CrtListEntry> l = CrtListFile.read(f, warnings);
        assertEquals(2, l.size());
        assertEquals(1, warnings.size(), warnings.toString());
        ConfigDiagnostic w = warnings.get(0);
        assertEquals(Severity.WARNING, w.severity());
        assertEquals(f + ":2", w.location().toString());
        assertTrue(w.message().contains("'allow-0rtt'") && w.message().contains("crt-list " + f + ":2"), w.message());
        List<ConfigDiagnostic> none = new java.util.ArrayList<>();
        CrtListFile.read(Files.writeString(dir.resolve("plain.txt"), "a.pem [alpn h2]\n"), none);
        assertEquals(List.of(), none);
    }

    @Test
    void aMissingFileIsAnError(@TempDir Path dir) {
        assertEquals(
                "cannot open crt-list '" + dir.resolve("none") + "': no such file",
                assertThrows(
                                CrtListException.class,
                                () -> CrtListFile.read(dir.resolve("none"), new java.util.ArrayList<>()))
                        .getMessage());
    }

    @Test
    void bindAndGlobalKeywords() {
        HaproxyConfig c = Cfg.parse("global\n  tune.ssl.cachesize 0\n  tune.ssl.lifetime 10m\n"
                + "  ssl-default-server-ciphers ECDHE-RSA-AES128-GCM-SHA256\n"
                + "  ssl-default-server-ciphersuites TLS_AES_128_GCM_SHA256\n"
                + "  ssl-default-server-options ssl-min-ver TLSv1.3 no-tls-tickets\n"
                + Cfg.TIMEOUTS
                + "frontend f\n  bind :443 ssl crt-list l.txt crt a.pem curves X25519:P-256\n");
        SslDefaults d = c.global().ssl();
        assertEquals(0, d.cacheSize());
        assertEquals(600, d.lifetimeSeconds());
        assertEquals(Optional.of("ECDHE-RSA-AES128-GCM-SHA256"), d.serverCiphers());
        assertEquals(Optional.of("TLS_AES_128_GCM_SHA256"), d.serverCiphersuites());
        assertEquals(Optional.of(TlsVersion.TLSV13), d.serverOptions().minVer());
        assertTrue(d.serverOptions().noTlsTickets());
        BindSslConfig b = c.frontends().get(0).binds().get(0).ssl().orElseThrow();
        assertEquals(List.of(CertSource.crtList("l.txt"), CertSource.crt("a.pem")), b.certs());
        assertEquals(Optional.of("X25519:P-256"), b.curves());
        assertEquals(
                SslDefaults.DEFAULT_CACHE_SIZE,
                Cfg.parse(Cfg.TIMEOUTS).global().ssl().cacheSize());
        assertEquals(300, Cfg.parse(Cfg.TIMEOUTS).global().ssl().lifetimeSeconds());
        assertTrue(Cfg.errors("global\n  ssl-default-server-options prefer-client-ciphers\n")
                .get(0)
                .contains("unknown keyword 'prefer-client-ciphers'"));
        assertTrue(Cfg.errors("global\n  tune.ssl.cachesize -1\n").get(0).startsWith("t.cfg:2:"));
    }
}

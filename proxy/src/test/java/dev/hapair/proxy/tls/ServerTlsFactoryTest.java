package dev.hapair.proxy.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hapair.common.config.SourceLocation;
import dev.hapair.proxy.config.BindSslConfig;
import dev.hapair.proxy.config.SslDefaults;
import dev.hapair.proxy.config.SslOptions;
import dev.hapair.proxy.config.TlsVersion;
import dev.hapair.proxy.config.VerifyMode;
import io.netty.handler.ssl.OpenSsl;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Global defaults, version bounds, cipher lists and paths, for both providers. */
class ServerTlsFactoryTest {

    @TempDir
    static Path dir;

    private static final TlsProvider JDK = TlsProvider.jdk("test");

    @BeforeAll
    static void make() throws Exception {
        TestCerts certs = new TestCerts(dir);
        certs.bundle("a", "a.test", "a.test");
        certs.bundle("b", "b.test", "b.test");
    }

    private static SslOptions opts(TlsVersion min, TlsVersion max, TlsVersion... disabled) {
        return new SslOptions(Optional.ofNullable(min), Optional.ofNullable(max), Set.of(disabled), false, false);
    }

    private static BindSslConfig bind(List<String> crts, String ciphers, String suites, String ca, VerifyMode v) {
        return bindOf(crts.stream().map(dev.hapair.proxy.config.CertSource::crt).toList(), ciphers, suites, ca, v);
    }

    private static BindSslConfig bindOf(
            List<dev.hapair.proxy.config.CertSource> sources, String ciphers, String suites, String ca, VerifyMode v) {
        return new BindSslConfig(
                sources,
                false,
                List.of(),
                false,
                SslOptions.NONE,
                Optional.ofNullable(ciphers),
                Optional.ofNullable(suites),
                Optional.ofNullable(ca),
                v,
                Optional.empty(),
                BindSslConfig.ClientVerify.DEFAULT,
                SourceLocation.NONE);
    }

    @Test
    void aFloorBelowTls12OffersTls12AndAbove() throws Exception {
        // HAProxy 2.6 on OpenSSL 3.0 cannot negotiate below TLSv1.2 at its default security level either
        assertEquals(List.of("TLSv1.2", "TLSv1.3"), ServerTlsFactory.protocols(opts(TlsVersion.SSLV3, null)));
        assertEquals(List.of("TLSv1.2"), ServerTlsFactory.protocols(opts(TlsVersion.TLSV10, TlsVersion.TLSV12)));
        assertThrows(TlsException.class, () -> ServerTlsFactory.protocols(opts(TlsVersion.TLSV10, TlsVersion.TLSV11)));
    }

    @Test
    void versionFlagsAreIgnoredOnceABoundIsSet() throws Exception {
        // haproxy 2.6.12, "ssl-default-bind-options ssl-min-ver TLSv1.2" and "bind ... no-tlsv13": it warns that
        // no-tlsv13 is ignored and negotiates TLSv1.3 (side by side, session 15); hapair offered TLSv1.2 only
        SslOptions minAndFlag = opts(TlsVersion.TLSV12, null, TlsVersion.TLSV13);
        assertTrue(ServerTlsFactory.ignoredVersionFlags(minAndFlag));
        assertEquals(List.of("TLSv1.2", "TLSv1.3"), ServerTlsFactory.protocols(minAndFlag));
        assertEquals(
                List.of("TLSv1.3"),
                ServerTlsFactory.protocols(opts(TlsVersion.TLSV13, TlsVersion.TLSV13, TlsVersion.TLSV13)));
        assertEquals(
                List.of("TLSv1.2"), ServerTlsFactory.protocols(opts(null, null, TlsVersion.TLSV13)), "no bound: used");
        assertTrue(!ServerTlsFactory.ignoredVersionFlags(opts(null, null, TlsVersion.TLSV13)));
    }

    @Test
    void theBoringSslProviderIsActiveHere() {
        // the linux-x86_64 native library ships with hapair: the JDK fallback is for other platforms only
        assertTrue(OpenSsl.isAvailable(), String.valueOf(OpenSsl.unavailabilityCause()));
        assertTrue(TlsProvider.detect().isOpenSsl());
        assertTrue(
                TlsProvider.detect().description().contains("BoringSSL"),
                TlsProvider.detect().description());
    }

    @Test
    void versionsAreTheRangeWithoutTheDisabledOnes() throws Exception {
        assertEquals(List.of("TLSv1.2", "TLSv1.3"), ServerTlsFactory.protocols(SslOptions.NONE));
        assertEquals(List.of("TLSv1.2"), ServerTlsFactory.protocols(opts(null, TlsVersion.TLSV12)));
        assertEquals(List.of("TLSv1.3"), ServerTlsFactory.protocols(opts(TlsVersion.TLSV13, null)));
        assertEquals(List.of("TLSv1.2"), ServerTlsFactory.protocols(opts(null, null, TlsVersion.TLSV13)));
        assertEquals(
                List.of("TLSv1.2", "TLSv1.3"),
                ServerTlsFactory.protocols(opts(null, null, TlsVersion.SSLV3, TlsVersion.TLSV10, TlsVersion.TLSV11)));
        assertTrue(assertThrows(
                        TlsException.class,
                        () -> ServerTlsFactory.protocols(opts(TlsVersion.TLSV13, TlsVersion.TLSV12)))
                .getMessage()
                .contains("is above ssl-max-ver"));
        assertTrue(assertThrows(
                        TlsException.class,
                        () -> ServerTlsFactory.protocols(opts(null, null, TlsVersion.TLSV12, TlsVersion.TLSV13)))
                .getMessage()
                .contains("no TLS version left"));
    }

    @Test
    void cipherNamesAreCheckedAndThoseTheProviderLacksAreNotOffered() throws Exception {
        ServerTlsFactory f = new ServerTlsFactory(TlsProvider.detect());
        assertNull(f.ciphers(Optional.empty()));
        // BoringSSL has no DHE: like OpenSSL with a name absent from its build, the name is skipped
        assertEquals(
                List.of("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"),
                f.ciphers(Optional.of("DHE-RSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256")));
        assertTrue(assertThrows(TlsException.class, () -> f.ciphers(Optional.of("HIGH:!aNULL")))
                .getMessage()
                .contains("cipher 'HIGH' is not supported by hapair-proxy"));
        assertTrue(assertThrows(TlsException.class, () -> f.ciphers(Optional.of("NOT-A-CIPHER")))
                .getMessage()
                .contains("cipher 'NOT-A-CIPHER' is not supported"));
        assertTrue(assertThrows(TlsException.class, () -> f.ciphers(Optional.of("DHE-RSA-AES128-GCM-SHA256")))
                .getMessage()
                .contains("none of the ciphers"));
    }

    @Test
    void keyExchangeAndAuthenticationAliasesSelectWhatTheProviderHas() throws Exception {
        ServerTlsFactory f = new ServerTlsFactory(TlsProvider.detect());
        // BoringSSL's suites in OpenSSL's order (reg-test ssl_crt-list_filters: "kRSA:aECDSA")
        List<String> both = f.ciphers(Optional.of("kRSA:aECDSA"));
        assertEquals("TLS_RSA_WITH_AES_256_GCM_SHA384", both.get(0));
        assertTrue(both.contains("TLS_RSA_WITH_AES_128_CBC_SHA"), both.toString());
        assertTrue(both.contains("TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256"), both.toString());
        assertTrue(both.stream().noneMatch(c -> c.contains("ECDHE_RSA")), both.toString());
        int lastRsa = both.lastIndexOf("TLS_RSA_WITH_AES_128_CBC_SHA");
        assertTrue(lastRsa < both.indexOf("TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384"), "kRSA's suites come first");
        assertTrue(f.ciphers(Optional.of("aECDSA")).stream().allMatch(c -> c.startsWith("TLS_ECDHE_ECDSA_")));
        assertTrue(assertThrows(TlsException.class, () -> f.ciphers(Optional.of("kDHE")))
                .getMessage()
                .contains("none of the ciphers 'kDHE'"));
    }

    @Test
    void aCrtListLineNamingABundleIsOneLinePerFile() throws Exception {
        java.nio.file.Path d = java.nio.file.Files.createDirectories(dir.resolve("crtlist-bundle"));
        TestCerts certs = new TestCerts(d);
        certs.ecBundle("e", "site.test");
        certs.bundle("r", "site.test");
        java.nio.file.Files.copy(d.resolve("e.pem"), d.resolve("site.pem.ecdsa"));
        java.nio.file.Files.copy(d.resolve("r.pem"), d.resolve("site.pem.rsa"));
        java.nio.file.Path list = java.nio.file.Files.writeString(d.resolve("list"), "site.pem [alpn h2] site.test\n");
        SslDefaults defaults = new SslDefaults(
                Optional.empty(), Optional.of(d.toString()), Optional.empty(), Optional.empty(), SslOptions.NONE);
        BindSslConfig b = bindOf(
                List.of(dev.hapair.proxy.config.CertSource.crtList(list.toString())),
                null,
                null,
                null,
                VerifyMode.NONE);
        ServerTls t = new ServerTlsFactory(TlsProvider.detect()).build(b, defaults);
        List<dev.hapair.proxy.config.CrtListEntry> lines = t.crtLists().get(list.toString());
        assertEquals(
                List.of("site.pem.ecdsa [alpn h2] site.test", "site.pem.rsa [alpn h2] site.test"),
                lines.stream().map(dev.hapair.proxy.config.CrtListEntry::text).toList());
        assertEquals(
                List.of(d.resolve("site.pem.ecdsa"), d.resolve("site.pem.rsa")),
                t.certificates().stream().map(CertifiedKey::source).toList());
        CertificateStore store = new CertificateStore(List.of(t));
        assertTrue(store.showCerts().contains(d.resolve("site.pem.rsa") + "\n"), store.showCerts());
        assertTrue(store.showCert(d.resolve("site.pem").toString()).startsWith("Can't display the certificate"));
    }

    @Test
    void tls13SuitesAreAcceptedOnlyWhereTheProviderEnforcesThem() throws Exception {
        ServerTlsFactory boring = new ServerTlsFactory(TlsProvider.detect());
        String all = "TLS_AES_128_GCM_SHA256:TLS_AES_256_GCM_SHA384:TLS_CHACHA20_POLY1305_SHA256";
        assertNull(boring.ciphersuites(Optional.of(all)), "BoringSSL's own three: nothing to restrict");
        assertTrue(assertThrows(TlsException.class, () -> boring.ciphersuites(Optional.of("TLS_AES_256_GCM_SHA384")))
                .getMessage()
                .contains("cannot be enforced"));
        assertTrue(assertThrows(TlsException.class, () -> boring.ciphersuites(Optional.of("TLS_NOPE")))
                .getMessage()
                .contains("is unknown"));
        ServerTlsFactory jdk = new ServerTlsFactory(JDK);
        assertEquals(List.of("TLS_AES_256_GCM_SHA384"), jdk.ciphersuites(Optional.of("TLS_AES_256_GCM_SHA384")));
    }

    @Test
    void relativePathsJoinTheBases() {
        assertEquals(
                Path.of("/etc/ssl/private/site.pem"),
                ServerTlsFactory.base(Optional.of("/etc/ssl/private"), "site.pem"));
        assertEquals(Path.of("/abs/site.pem"), ServerTlsFactory.base(Optional.of("/etc/ssl/private"), "/abs/site.pem"));
        assertEquals(Path.of("site.pem"), ServerTlsFactory.base(Optional.empty(), "site.pem"));
    }

    @Test
    void bothProvidersBuildEveryCertificateWithTheGlobalDefaults() throws Exception {
        SslDefaults d = new SslDefaults(
                Optional.of(dir.toString()),
                Optional.of(dir.toString()),
                Optional.of("ECDHE-RSA-AES128-GCM-SHA256"),
                Optional.empty(),
                new SslOptions(Optional.of(TlsVersion.TLSV12), Optional.empty(), Set.of(), false, false));
        for (TlsProvider p : List.of(TlsProvider.detect(), JDK)) {
            ServerTls t = new ServerTlsFactory(p)
                    .build(bind(List.of("a.pem", "b.pem"), null, null, "ca.pem", VerifyMode.REQUIRED), d);
            assertEquals(
                    List.of(List.of("a.test"), List.of("b.test")),
                    t.certificates().stream().map(CertifiedKey::names).toList(),
                    p.description());
            assertEquals(p, t.provider());
        }
    }

    @Test
    void noTlsTicketsIsRefusedWhereItCannotBeHonouredPerBind() throws Exception {
        SslDefaults d = new SslDefaults(
                Optional.empty(),
                Optional.of(dir.toString()),
                Optional.empty(),
                Optional.empty(),
                new SslOptions(Optional.empty(), Optional.empty(), Set.of(), true, false));
        BindSslConfig b = bind(List.of("a.pem"), null, null, null, VerifyMode.NONE);
        assertEquals(
                1,
                new ServerTlsFactory(TlsProvider.detect())
                        .build(b, d)
                        .certificates()
                        .size());
        assertTrue(assertThrows(TlsException.class, () -> new ServerTlsFactory(JDK).build(b, d))
                .getMessage()
                .contains("'no-tls-tickets' cannot be honoured per bind by the JDK provider"));
    }

    /** Debian's default /etc/haproxy/haproxy.cfg global TLS lines (Mozilla intermediate) with a bind. */
    @Test
    void debiansDefaultsServeABind() throws Exception {
        SslDefaults debian = new SslDefaults(
                Optional.of(dir.toString()),
                Optional.of(dir.toString()),
                Optional.of("ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384:"
                        + "ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305:"
                        + "DHE-RSA-AES128-GCM-SHA256:DHE-RSA-AES256-GCM-SHA384"),
                Optional.of("TLS_AES_128_GCM_SHA256:TLS_AES_256_GCM_SHA384:TLS_CHACHA20_POLY1305_SHA256"),
                new SslOptions(Optional.of(TlsVersion.TLSV12), Optional.empty(), Set.of(), true, false));
        ServerTls t = new ServerTlsFactory(TlsProvider.detect())
                .build(bind(List.of("a.pem"), null, null, null, VerifyMode.NONE), debian);
        assertEquals(1, t.certificates().size());
    }

    @Test
    void aMissingCaFileIsAnError() {
        TlsException e = assertThrows(TlsException.class, () -> new ServerTlsFactory(TlsProvider.detect())
                .build(
                        bind(List.of(dir.resolve("a.pem").toString()), null, null, "/nope/ca.pem", VerifyMode.OPTIONAL),
                        SslDefaults.NONE));
        assertEquals("cannot read '/nope/ca.pem': no such file", e.getMessage());
    }
}

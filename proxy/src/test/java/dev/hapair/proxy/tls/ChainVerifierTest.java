package dev.hapair.proxy.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.hapair.proxy.config.IgnoredErrors;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.Date;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Client certificate verification with OpenSSL's error numbers and depths (what crt-ignore-err/ca-ignore-err
 * and ssl_c_verify see), over certificates and a CRL made by the openssl CLI; the clock is a parameter.
 */
class ChainVerifierTest {
    @TempDir
    static Path dir;

    static TestCerts certs;
    static X509Certificate ca;
    static X509Certificate good;
    static X509Certificate revoked;
    static X509Certificate rogue;
    static List<X509CRL> crl;

    @BeforeAll
    static void make() throws Exception {
        certs = new TestCerts(dir);
        certs.leaf("good", "good");
        certs.leaf("revoked", "revoked");
        certs.selfSigned("rogue", "/CN=rogue");
        certs.crl("revoked");
        ca = PemFiles.loadCertificates(certs.ca()).get(0);
        good = PemFiles.loadCertificates(dir.resolve("good.crt")).get(0);
        revoked = PemFiles.loadCertificates(dir.resolve("revoked.crt")).get(0);
        rogue = PemFiles.loadCertificates(dir.resolve("rogue.crt")).get(0);
        crl = PemFiles.loadCrls(dir.resolve("crl.pem"));
    }

    private static List<ChainVerifier.Error> verify(ChainVerifier v, X509Certificate leaf, Date when) {
        return v.verify(new X509Certificate[] {leaf}, when);
    }

    @Test
    void openSslNumbersAndDepths() {
        ChainVerifier v = new ChainVerifier(List.of(ca), List.of());
        Date now = new Date();
        assertEquals(List.of(), verify(v, good, now));
        Date later = new Date(good.getNotAfter().getTime() + 1000);
        // the CA expires then too: OpenSSL reports from the top of the chain down
        assertEquals(List.of(new ChainVerifier.Error(1, 10), new ChainVerifier.Error(0, 10)), verify(v, good, later));
        // the CA was made a moment before: not yet valid either
        assertEquals(
                List.of(new ChainVerifier.Error(1, 9), new ChainVerifier.Error(0, 9)),
                verify(v, good, new Date(ca.getNotBefore().getTime() - 1000)));
        assertEquals(List.of(new ChainVerifier.Error(0, 18)), verify(v, rogue, now), "self-signed, not trusted");
        ChainVerifier other = new ChainVerifier(List.of(rogue), List.of());
        assertEquals(List.of(new ChainVerifier.Error(0, 20)), verify(other, good, now), "issuer not in the store");
    }

    @Test
    void revocationListsCoverTheWholeChain() {
        ChainVerifier v = new ChainVerifier(List.of(ca), crl);
        Date now = new Date();
        assertEquals(List.of(), verify(v, good, now));
        assertEquals(List.of(new ChainVerifier.Error(0, 23)), verify(v, revoked, now));
        // a CRL for another issuer: the client's issuer has none (X509_V_ERR_UNABLE_TO_GET_CRL at each depth)
        ChainVerifier wrong = new ChainVerifier(List.of(ca), List.of());
        assertEquals(List.of(), verify(wrong, revoked, now), "no crl-file: no revocation check");
        Date afterNextUpdate = new Date(crl.get(0).getNextUpdate().getTime() + 1000);
        assertEquals(12, verify(v, good, afterNextUpdate).get(0).code(), "CRL expired");
    }

    @Test
    void ignoredErrorsLetTheHandshakeGoOnAndAreReported() throws Exception {
        ChainVerifier v = new ChainVerifier(List.of(ca), crl);
        ClientCertTrust strict = new ClientCertTrust(List.of(ca), v, IgnoredErrors.NONE, IgnoredErrors.NONE, Date::new);
        assertThrows(CertificateException.class, () -> strict.check(new X509Certificate[] {revoked}));
        assertEquals(ClientCertTrust.Outcome.OK, strict.check(new X509Certificate[] {good}));
        ClientCertTrust lenient =
                new ClientCertTrust(List.of(ca), v, IgnoredErrors.parse("23"), IgnoredErrors.NONE, Date::new);
        assertEquals(new ClientCertTrust.Outcome(23, 23, 0, 0), lenient.check(new X509Certificate[] {revoked}));
        Date later = new Date(good.getNotAfter().getTime() + 1000);
        ClientCertTrust leafOnly = new ClientCertTrust(
                List.of(ca),
                new ChainVerifier(List.of(ca), List.of()),
                IgnoredErrors.parse("all"),
                IgnoredErrors.NONE,
                () -> later);
        assertThrows(
                CertificateException.class,
                () -> leafOnly.check(new X509Certificate[] {good}),
                "the CA's error is not ignored");
        ClientCertTrust both = new ClientCertTrust(
                List.of(ca),
                new ChainVerifier(List.of(ca), List.of()),
                IgnoredErrors.parse("all"),
                IgnoredErrors.parse("all"),
                () -> later);
        assertEquals(new ClientCertTrust.Outcome(10, 10, 10, 1), both.check(new X509Certificate[] {good}));
    }
}

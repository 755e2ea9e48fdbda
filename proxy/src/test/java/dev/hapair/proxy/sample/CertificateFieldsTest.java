package dev.hapair.proxy.sample;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hapair.proxy.tls.TestCerts;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Date;
import java.util.HexFormat;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ssl_c_* renderings, checked against what the openssl CLI prints of the same certificate. */
class CertificateFieldsTest {

    @TempDir
    static Path dir;

    static TestCerts certs;
    static X509Certificate cert;

    @BeforeAll
    static void make() throws Exception {
        certs = new TestCerts(dir);
        certs.selfSigned("m", "/C=FR/O=Org/OU=one/OU=two/CN=client one/emailAddress=c@example.com");
        try (InputStream in = Files.newInputStream(dir.resolve("m.crt"))) {
            cert = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }

    @Test
    void onelineIsOpenSslsOrderAndShortNames() throws Exception {
        assertEquals(
                "/C=FR/O=Org/OU=one/OU=two/CN=client one/emailAddress=c@example.com",
                CertificateFields.oneline(cert.getSubjectX500Principal()));
        // the same as "openssl x509 -subject -nameopt compat" prints
        String cli = certs.openssl("x509", "-in", "m.crt", "-noout", "-subject", "-nameopt", "compat")
                .strip();
        assertEquals("subject=" + CertificateFields.oneline(cert.getSubjectX500Principal()), cli);
    }

    @Test
    void entriesByOccurrenceFromEitherEnd() {
        var dn = cert.getSubjectX500Principal();
        assertEquals("client one", CertificateFields.entry(dn, "CN", 1));
        assertEquals("one", CertificateFields.entry(dn, "OU", 1));
        assertEquals("two", CertificateFields.entry(dn, "OU", 2));
        assertEquals("two", CertificateFields.entry(dn, "ou", -1));
        assertEquals("c@example.com", CertificateFields.entry(dn, "emailAddress", 1));
        assertNull(CertificateFields.entry(dn, "OU", 3));
        assertNull(CertificateFields.entry(dn, "OU", 0));
    }

    @Test
    void rfc2253IsMostSpecificFirst() throws Exception {
        assertEquals(
                "emailAddress=c@example.com,CN=client one,OU=two,OU=one,O=Org,C=FR",
                CertificateFields.rfc2253(cert.getSubjectX500Principal()));
        String cli = certs.openssl("x509", "-in", "m.crt", "-noout", "-subject", "-nameopt", "RFC2253")
                .strip();
        assertEquals("subject=" + CertificateFields.rfc2253(cert.getSubjectX500Principal()), cli);
    }

    @Test
    void datesAlgorithmsAndDigests() throws Exception {
        assertEquals("700101000000Z", CertificateFields.asn1Time(new Date(0)));
        assertEquals("20500101000000Z", CertificateFields.asn1Time(new Date(2524608000000L)));
        assertEquals("RSA-SHA256", CertificateFields.signatureAlgorithm(cert));
        assertEquals("rsaEncryption", CertificateFields.keyAlgorithm(cert));
        String fp = certs.openssl("x509", "-in", "m.crt", "-noout", "-fingerprint", "-sha1")
                .strip();
        assertEquals(
                fp.substring(fp.indexOf('=') + 1).replace(":", "").toLowerCase(),
                HexFormat.of().formatHex(CertificateFields.sha1(cert)));
        assertArrayEquals(MessageDigest.getInstance("SHA-1").digest(cert.getEncoded()), CertificateFields.sha1(cert));
    }

    @Test
    void validityTimesAsHaproxyReturnsThem() throws Exception {
        // a certificate valid past 2049 carries a GeneralizedTime: HAProxy drops its century
        certs.openssl(
                "req",
                "-x509",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-keyout",
                "long.key",
                "-out",
                "long.crt",
                "-days",
                "12000",
                "-subj",
                "/CN=long");
        X509Certificate longLived;
        try (InputStream in = Files.newInputStream(dir.resolve("long.crt"))) {
            longLived =
                    (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
        String full = CertificateFields.asn1Time(longLived.getNotAfter());
        assertTrue(full.startsWith("20") && full.length() == 15, full);
        assertEquals(full.substring(2), CertificateFields.asn1Time(longLived, true));
        // a UTCTime as encoded
        assertEquals(CertificateFields.asn1Time(cert.getNotBefore()), CertificateFields.asn1Time(cert, false));
    }

    @Test
    void fetchesAndLogVariablesReadTheHandshake() throws Exception {
        TestContext c = new TestContext("GET", "/");
        assertNull(SampleEngineTest.eval("ssl_c_s_dn", c), "plaintext: no sample");
        assertNull(SampleEngineTest.eval("ssl_c_verify", c));
        c.tls = new TlsFacts("a.test", "TLSv1.3", "TLS_AES_128_GCM_SHA256", null, null);
        assertEquals("0", SampleEngineTest.eval("ssl_c_verify", c));
        assertNull(SampleEngineTest.eval("ssl_c_s_dn", c), "no client certificate: no sample");
        assertEquals("0", SampleEngineTest.eval("ssl_c_used", c));
        c.tls = new TlsFacts("a.test", "TLSv1.3", "TLS_AES_128_GCM_SHA256", null, cert);
        assertEquals("1", SampleEngineTest.eval("ssl_c_used", c));
        assertEquals(
                "/C=FR/O=Org/OU=one/OU=two/CN=client one/emailAddress=c@example.com",
                SampleEngineTest.eval("ssl_c_s_dn", c));
        assertEquals("two", SampleEngineTest.eval("ssl_c_s_dn(OU,2)", c));
        assertEquals("client one", SampleEngineTest.eval("ssl_c_i_dn(CN)", c), "self-signed: issuer = subject");
        assertEquals(
                "emailAddress=c@example.com,CN=client one,OU=two,OU=one,O=Org,C=FR",
                SampleEngineTest.eval("ssl_c_s_dn(,0,rfc2253)", c));
        assertEquals(
                HexFormat.of().withUpperCase().formatHex(CertificateFields.sha1(cert)),
                SampleEngineTest.eval("ssl_c_sha1,hex", c));
        assertEquals("3", SampleEngineTest.eval("ssl_c_version", c));
        assertEquals("RSA-SHA256", SampleEngineTest.eval("ssl_c_sig_alg", c));
        assertEquals(
                HexFormat.of().withUpperCase().formatHex(cert.getSerialNumber().toByteArray()),
                SampleEngineTest.eval("ssl_c_serial,hex", c));
        assertEquals(CertificateFields.asn1Time(cert, true), SampleEngineTest.eval("ssl_c_notafter", c));
        assertEquals(
                "TLSv1.3 TLS_AES_128_GCM_SHA256",
                FormatString.compile("%sslv %sslc", SampleEngineTest.ENV, Phase.ALL, "test")
                        .render(c, FormatString.Absent.DASH));
        assertEquals(
                "only 'rfc2253' is a DN format, got 'x500'",
                org.junit.jupiter.api.Assertions.assertThrows(
                                SampleException.class, () -> SampleEngineTest.expr("ssl_c_s_dn(,0,x500)"))
                        .getMessage()
                        .replaceAll(".*: ", ""));
    }
}

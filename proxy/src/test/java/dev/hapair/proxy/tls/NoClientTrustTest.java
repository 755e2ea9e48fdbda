package dev.hapair.proxy.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;
import org.junit.jupiter.api.Test;

/** The trust manager of binds without client verification trusts nobody and names no CA. */
class NoClientTrustTest {
    @Test
    void refusesEveryCertificateAndNamesNoIssuer() {
        X509Certificate[] none = new X509Certificate[0];
        NoClientTrust t = NoClientTrust.INSTANCE;
        assertThrows(CertificateException.class, () -> t.checkClientTrusted(none, "RSA"));
        assertThrows(CertificateException.class, () -> t.checkClientTrusted(none, "RSA", (SSLEngine) null));
        assertThrows(CertificateException.class, () -> t.checkClientTrusted(none, "RSA", (java.net.Socket) null));
        assertThrows(CertificateException.class, () -> t.checkServerTrusted(none, "RSA"));
        assertThrows(CertificateException.class, () -> t.checkServerTrusted(none, "RSA", (SSLEngine) null));
        assertThrows(CertificateException.class, () -> t.checkServerTrusted(none, "RSA", (java.net.Socket) null));
        assertEquals(0, t.getAcceptedIssuers().length);
    }
}

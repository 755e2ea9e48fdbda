package dev.hapair.proxy.tls;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which client certificate curves a bind's groups allow in TLS 1.2 (reg-test ssl_curves). */
class CertCurvesTest {

    private static PublicKey ec(String curve) throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec(curve));
        return g.generateKeyPair().getPublic();
    }

    @Test
    void theBindsGroupsInEitherSpelling() throws Exception {
        PublicKey p256 = ec("secp256r1");
        PublicKey p384 = ec("secp384r1");
        assertTrue(CertCurves.of(List.of("P-256", "P-384")).allows(p256));
        assertFalse(CertCurves.of(List.of("P-384")).allows(p256), "curves P-384: wrong curve");
        assertTrue(CertCurves.of(List.of("P-384")).allows(p384));
        assertFalse(CertCurves.of(List.of("secp521r1")).allows(p256), "ecdhe secp521r1");
        assertTrue(CertCurves.of(List.of("prime256v1")).allows(p256), "ecdhe prime256v1");
        assertFalse(CertCurves.of(List.of("X25519")).allows(p256), "X25519 is no certificate curve");
    }

    @Test
    void withoutGroupsOpensslsDefaultsAndNonEcKeysAlwaysPass() throws Exception {
        assertTrue(CertCurves.OPENSSL_DEFAULT.allows(ec("secp256r1")));
        assertTrue(CertCurves.OPENSSL_DEFAULT.allows(ec("secp384r1")));
        assertTrue(CertCurves.OPENSSL_DEFAULT.allows(ec("secp521r1")));
        assertTrue(CertCurves.of(null).allows(ec("secp521r1")));
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(1024);
        assertTrue(CertCurves.of(List.of("P-384")).allows(rsa.generateKeyPair().getPublic()));
    }

    @Test
    void aRefusalIsAHandshakeFailureSaidAsOpenSslSaysIt() {
        var e = HandshakeGate.connectionError(new javax.net.ssl.SSLHandshakeException("x") {
            {
                initCause(new CertCurves.WrongCurve());
            }
        });
        org.junit.jupiter.api.Assertions.assertEquals(34, e.code());
        org.junit.jupiter.api.Assertions.assertEquals("error:0A00017A:SSL routines::wrong curve", e.sslText());
    }
}

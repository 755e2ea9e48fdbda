package dev.hapair.proxy.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The aliases of 'ciphers' expanded as OpenSSL 3.0 does (its 'openssl ciphers' output, same order). */
class CipherStringTest {

    private static final Set<String> NAMES = Set.of("AES128-SHA", "ECDHE-RSA-AES128-GCM-SHA256");

    @Test
    void kRsaIsTheRsaKeyExchangeInOpensslsOrder() throws TlsException {
        // openssl ciphers 'kRSA:@SECLEVEL=0' (OpenSSL 3.0.19)
        assertEquals(
                List.of(
                        "AES256-GCM-SHA384",
                        "AES256-CCM8",
                        "AES256-CCM",
                        "ARIA256-GCM-SHA384",
                        "AES128-GCM-SHA256",
                        "AES128-CCM8",
                        "AES128-CCM",
                        "ARIA128-GCM-SHA256",
                        "AES256-SHA256",
                        "CAMELLIA256-SHA256",
                        "AES128-SHA256",
                        "CAMELLIA128-SHA256",
                        "NULL-SHA256",
                        "AES256-SHA",
                        "CAMELLIA256-SHA",
                        "AES128-SHA",
                        "CAMELLIA128-SHA",
                        "NULL-SHA",
                        "NULL-MD5"),
                CipherString.expand("kRSA", NAMES));
        assertEquals(CipherString.expand("kRSA", NAMES), CipherString.expand("RSA", NAMES), "RSA = kRSA");
    }

    @Test
    void aliasesAndNamesAddSuitesNotListedYet() throws TlsException {
        List<String> l = CipherString.expand("AES128-SHA:kRSA:aECDSA", NAMES);
        assertEquals("AES128-SHA", l.get(0));
        assertEquals(1, l.stream().filter("AES128-SHA"::equals).count(), "kept at its first place");
        assertEquals("AES256-GCM-SHA384", l.get(1));
        assertEquals("ECDHE-ECDSA-AES256-GCM-SHA384", l.get(19), "aECDSA after every kRSA suite");
        assertTrue(l.stream().skip(19).allMatch(n -> n.startsWith("ECDHE-ECDSA-")), l.toString());
        assertEquals(35, l.size());
    }

    @Test
    void authenticatedAndAnonymousKeyExchanges() throws TlsException {
        List<String> ecdhe = CipherString.expand("ECDHE", NAMES);
        List<String> kEcdhe = CipherString.expand("kECDHE", NAMES);
        assertTrue(kEcdhe.contains("AECDH-AES128-SHA") && !ecdhe.contains("AECDH-AES128-SHA"));
        assertTrue(ecdhe.contains("ECDHE-ARIA128-GCM-SHA256"), "ECDHE-RSA despite its name");
        assertTrue(CipherString.expand("aRSA", NAMES).contains("ECDHE-ARIA128-GCM-SHA256"));
        assertEquals(CipherString.expand("EDH", NAMES), CipherString.expand("DHE", NAMES));
        assertTrue(CipherString.expand("aRSA", NAMES).contains("RSA-PSK-AES128-CBC-SHA"), "RSA-authenticated PSK");
    }

    @Test
    void operatorsAndOtherAliasesAreRefused() {
        for (String spec : List.of("HIGH", "!aNULL", "ECDHE+AESGCM", "-kRSA", "+kRSA", "@STRENGTH", "NOPE")) {
            TlsException e = assertThrows(TlsException.class, () -> CipherString.expand("kRSA:" + spec, NAMES));
            assertTrue(e.getMessage().startsWith("cipher '" + spec + "' is not supported"), e.getMessage());
        }
    }
}

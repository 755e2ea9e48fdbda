package dev.hapair.proxy.tls;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ClientTlsTest {

    @Test
    void namesMatchLikeHaproxyWithOneLabelWildcards() {
        assertTrue(ClientTls.matches("srv.test", "SRV.test"));
        assertTrue(ClientTls.matches("srv.test", "srv.test."));
        assertTrue(ClientTls.matches("*.example.com", "www.example.com"));
        assertFalse(ClientTls.matches("*.example.com", "a.b.example.com"));
        assertFalse(ClientTls.matches("*.example.com", "example.com"));
        assertFalse(ClientTls.matches("srv.test", "other.test"));
    }
}

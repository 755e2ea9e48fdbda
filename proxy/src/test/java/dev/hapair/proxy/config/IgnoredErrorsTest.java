package dev.hapair.proxy.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class IgnoredErrorsTest {

    @Test
    void allOrNumbersBelow64() {
        IgnoredErrors all = IgnoredErrors.parse("all");
        assertTrue(all.ignores(0) && all.ignores(63));
        assertFalse(all.ignores(64), "HAProxy 2.6 keeps a 64-bit mask");
        IgnoredErrors some = IgnoredErrors.parse("10,23");
        assertTrue(some.ignores(10) && some.ignores(23));
        assertFalse(some.ignores(20));
        assertFalse(IgnoredErrors.NONE.ignores(10));
        assertEquals(
                "'X509_V_ERR_CERT_HAS_EXPIRED' is not an error ID (expected 'all' or numbers such as 10,23 separated"
                        + " by ',')",
                assertThrows(IllegalArgumentException.class, () -> IgnoredErrors.parse("X509_V_ERR_CERT_HAS_EXPIRED"))
                        .getMessage());
        assertThrows(IllegalArgumentException.class, () -> IgnoredErrors.parse("10,"));
    }
}

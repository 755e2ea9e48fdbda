package dev.hapair.proxy.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.hapair.proxy.config.StatsLevel;
import org.junit.jupiter.api.Test;

/** HAProxy's CLI payloads: {@code <command> <<}, then lines up to an empty one. */
class CliPayloadTest {

    @Test
    void aPayloadIsCollectedUpToAnEmptyLine() {
        CliSession s = new CliSession(StatsLevel.ADMIN, false, null);
        assertEquals("show info", s.collect("show info", 100));
        assertNull(s.payload());
        assertNull(s.collect("set ssl cert a.pem <<", 100));
        assertNull(s.collect("-----BEGIN CERTIFICATE-----", 100));
        assertNull(s.collect("AAAA", 100));
        assertEquals("set ssl cert a.pem", s.collect("", 100));
        assertEquals("-----BEGIN CERTIFICATE-----\nAAAA\n", s.payload());
        assertEquals("show ssl cert", s.collect("show ssl cert", 100));
        assertNull(s.payload(), "a payload belongs to one command");
    }

    @Test
    void aPayloadIsBounded() {
        CliSession s = new CliSession(StatsLevel.ADMIN, false, null);
        assertNull(s.collect("set ssl cert a.pem <<", 10));
        assertNull(s.collect("12345", 10));
        assertEquals("\u0000payload too large", s.collect("67890", 10));
        assertNull(s.payload());
    }
}

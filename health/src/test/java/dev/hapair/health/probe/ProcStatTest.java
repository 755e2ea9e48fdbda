package dev.hapair.health.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ProcStatTest {

    @Test
    void parsesCommWithSpacesAndParentheses() {
        String line = "4242 (my (odd) name) S 1 4242 4242 0 -1 4194560 100 0 0 0 1 2 0 0 20 0 1 0 987654 1000 10 "
                + "18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 0 0 0 0 0 0";
        ProcStat s = ProcStat.parse(line);
        assertEquals(4242, s.pid());
        assertEquals("my (odd) name", s.comm());
        assertEquals('S', s.state());
        assertEquals(987654, s.startTime());
        assertFalse(s.deadOrZombie());
    }

    @Test
    void zombieIsDead() {
        ProcStat s = ProcStat.parse("7 (sleep) Z 1 7 7 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 55 0 0");
        assertTrue(s.deadOrZombie());
        assertEquals(55, s.startTime());
    }

    @Test
    void rejectsGarbage() {
        assertThrows(IllegalArgumentException.class, () -> ProcStat.parse("garbage"));
    }

    @Test
    void nameMatchingFollowsKillall() {
        assertTrue(ProcessTable.matches("haproxy", "haproxy", () -> "/usr/sbin/haproxy"));
        assertFalse(ProcessTable.matches("haproxy", "haproxy-wrapper", () -> "x"));
        assertFalse(ProcessTable.matches("hapro", "haproxy", () -> "haproxy"));
        // long names: comm is truncated to 15 characters, argv[0] disambiguates
        assertTrue(ProcessTable.matches(
                "very-long-daemon-name", "very-long-daemo", () -> "/opt/bin/very-long-daemon-name"));
        assertFalse(ProcessTable.matches(
                "very-long-daemon-name", "very-long-daemo", () -> "/opt/bin/very-long-daemon-other"));
    }
}

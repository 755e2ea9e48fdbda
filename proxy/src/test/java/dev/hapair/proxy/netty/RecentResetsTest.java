package dev.hapair.proxy.netty;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RecentResetsTest {
    @Test
    void remembersTheLastResetsOnly() {
        RecentResets r = new RecentResets(3);
        assertFalse(r.contains(1));
        r.add(1);
        r.add(3);
        r.add(5);
        assertTrue(r.contains(1) && r.contains(3) && r.contains(5));
        r.add(3); // already there: nothing forgotten for it
        assertTrue(r.contains(1));
        r.add(7); // the oldest goes
        assertFalse(r.contains(1));
        assertTrue(r.contains(3) && r.contains(5) && r.contains(7));
        assertFalse(r.contains(0), "an empty slot is no stream");
    }

    @Test
    void anEmptySlotIsNoStream() {
        assertFalse(new RecentResets(4).contains(0));
        assertThrows(IllegalArgumentException.class, () -> new RecentResets(0));
    }

    @Test
    void framesIgnoredAreCountedPerWindow() {
        RecentResets r = new RecentResets(4);
        long w = 30_000_000_000L;
        for (int i = 0; i < 3; i++) assertTrue(r.ignored(1_000 + i, 3, w), "frame " + i);
        assertFalse(r.ignored(2_000, 3, w), "the fourth within the window");
        assertTrue(r.ignored(1_000 + w, 3, w), "a new window starts");
        assertTrue(r.ignored(1_001 + w, 3, w));
        assertTrue(r.ignored(1_002 + w, 3, w));
        assertFalse(r.ignored(1_003 + w, 3, w));
    }
}

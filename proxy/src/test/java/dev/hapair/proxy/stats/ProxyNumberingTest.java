package dev.hapair.proxy.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Proxy numbers (stats iid) as haproxy 2.6.12 gave them here, with a stats socket (first free number 2). */
class ProxyNumberingTest {
    @Test
    void noIds() {
        assertEquals(
                Map.of("fe", 2, "bk", 3), StatsSnapshot.number(List.of(Map.entry("fe", 0), Map.entry("bk", 0)), 2));
    }

    @Test
    void anExplicitIdStillMovesTheCounter() {
        assertEquals(
                Map.of("a", 10, "fe", 3, "bk", 4),
                StatsSnapshot.number(List.of(Map.entry("a", 10), Map.entry("fe", 0), Map.entry("bk", 0)), 2));
        assertEquals(
                Map.of("a", 3, "b", 4, "c", 5),
                StatsSnapshot.number(List.of(Map.entry("a", 3), Map.entry("b", 0), Map.entry("c", 0)), 2));
    }

    @Test
    void explicitIdsAreReservedAhead() {
        assertEquals(
                Map.of("a", 3, "b", 4, "c", 2),
                StatsSnapshot.number(List.of(Map.entry("a", 0), Map.entry("b", 0), Map.entry("c", 2)), 2));
    }
}

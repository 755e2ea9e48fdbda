package dev.hapair.proxy.lb;

import static dev.hapair.proxy.lb.Picks.any;
import static dev.hapair.proxy.lb.Picks.sequence;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class StaticRoundRobinSelectorTest {

    @Test
    void followsTheWeightedTableAndIgnoresWeightChanges() {
        var a = FakeServer.active("a", 1, 3);
        var b = FakeServer.active("b", 2, 1);
        var sel = new StaticRoundRobinSelector<>(List.of(a, b), false);
        assertEquals("a a b a a a b a", sequence(sel, any(), 8));
        b.weight = 3;
        sel.onWeightChange(b);
        assertEquals("a a b a", sequence(sel, any(), 4));
    }

    @Test
    void weightZeroDrainsAndRestoringRevives() {
        var a = FakeServer.active("a", 1, 1);
        var b = FakeServer.active("b", 2, 1);
        var sel = new StaticRoundRobinSelector<>(List.of(a, b), false);
        b.weight = 0;
        sel.onWeightChange(b);
        assertEquals("a a a", sequence(sel, any(), 3));
        b.weight = 1;
        sel.onWeightChange(b);
        String s = sequence(sel, any(), 4);
        assertEquals(2, s.split("b", -1).length - 1, s);
    }

    @Test
    void skipsFullServers() {
        var a = FakeServer.active("a", 1, 1);
        var b = FakeServer.active("b", 2, 1);
        a.maxconn = 3;
        a.connections = 3;
        var sel = new StaticRoundRobinSelector<>(List.of(a, b), false);
        assertEquals("b b", sequence(sel, any(), 2));
    }

    @Test
    void upEventCarryingARevivedWeightRebuildsTheTable() {
        var a = FakeServer.active("a", 1, 1);
        var b = FakeServer.active("b", 2, 0);
        var sel = new StaticRoundRobinSelector<>(List.of(a, b), false);
        assertEquals("a a", sequence(sel, any(), 2));
        b.weight = 1;
        sel.onServerUp(b); // already up as far as health goes; only its weight moved
        assertEquals("a b a b", sequence(sel, any(), 4));
    }
}

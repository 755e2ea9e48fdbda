package dev.hapair.proxy.lb;

import static dev.hapair.proxy.lb.Picks.any;
import static dev.hapair.proxy.lb.Picks.sequence;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class RoundRobinSelectorTest {

    @Test
    void weights3To1InterleaveSmoothly() {
        var a = FakeServer.active("a", 1, 3);
        var b = FakeServer.active("b", 2, 1);
        var sel = new RoundRobinSelector<>(List.of(a, b), false);
        assertEquals("a a b a a a b a", sequence(sel, any(), 8));
    }

    @Test
    void weights5To1To1SpreadTheLightServers() {
        var sel = new RoundRobinSelector<>(
                List.of(FakeServer.active("a", 1, 5), FakeServer.active("b", 2, 1), FakeServer.active("c", 3, 1)),
                false);
        assertEquals("a a b a c a a a a b a c a a", sequence(sel, any(), 14));
    }

    @Test
    void equalWeightsRotateInIdOrderWhateverTheListOrder() {
        var sel = new RoundRobinSelector<>(
                List.of(FakeServer.active("c", 3, 1), FakeServer.active("a", 1, 1), FakeServer.active("b", 2, 1)),
                false);
        assertEquals("a b c a b c", sequence(sel, any(), 6));
    }

    @Test
    void weightChangeTakesEffectOnTheNextPick() {
        var a = FakeServer.active("a", 1, 1);
        var b = FakeServer.active("b", 2, 1);
        var sel = new RoundRobinSelector<>(List.of(a, b), false);
        assertEquals("a b", sequence(sel, any(), 2));
        b.weight = 3;
        sel.onWeightChange(b);
        assertEquals("b a b b b a b b", sequence(sel, any(), 8));
        b.weight = 0;
        sel.onWeightChange(b);
        assertEquals("a a a", sequence(sel, any(), 3));
    }

    @Test
    void downServerIsSkippedAndComesBack() {
        var a = FakeServer.active("a", 1, 1);
        var b = FakeServer.active("b", 2, 1);
        var c = FakeServer.active("c", 3, 1);
        var sel = new RoundRobinSelector<>(List.of(a, b, c), false);
        assertEquals("a b", sequence(sel, any(), 2));
        sel.onServerDown(c);
        assertEquals("a b a b", sequence(sel, any(), 4));
        sel.onServerUp(c);
        assertEquals(3, sel.usableServers());
        String next = sequence(sel, any(), 6);
        assertEquals(2, next.split("c", -1).length - 1, next);
    }

    @Test
    void fullServerIsSkippedWhileOthersHaveRoom() {
        var a = FakeServer.active("a", 1, 1);
        var b = FakeServer.active("b", 2, 1);
        a.maxconn = 1;
        a.connections = 1;
        var sel = new RoundRobinSelector<>(List.of(a, b), false);
        assertEquals("b b b", sequence(sel, any(), 3));
        b.maxconn = 4;
        b.connections = 4;
        assertEquals(Selection.Outcome.QUEUE, sel.select(any()).outcome());
        a.connections = 0;
        assertEquals("a", sequence(sel, any(), 1));
    }

    @Test
    void noUsableServerIsDistinctFromQueue() {
        var a = FakeServer.active("a", 1, 1);
        a.usable = false;
        var sel = new RoundRobinSelector<>(List.of(a), false);
        assertEquals(Selection.Outcome.NO_SERVER, sel.select(any()).outcome());
        assertEquals(0, sel.usableServers());
        sel.onServerUp(a);
        assertEquals("a", sequence(sel, any(), 1));
    }
}

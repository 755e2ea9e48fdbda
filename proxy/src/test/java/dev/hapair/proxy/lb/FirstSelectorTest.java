package dev.hapair.proxy.lb;

import static dev.hapair.proxy.lb.Picks.any;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class FirstSelectorTest {

    @Test
    void fillsServersInIdOrderThenQueues() {
        var a = FakeServer.active("a", 1, 1);
        var b = FakeServer.active("b", 2, 1);
        var c = FakeServer.active("c", 3, 1);
        for (FakeServer s : List.of(a, b, c)) {
            s.maxconn = 2;
        }
        var sel = new FirstSelector<>(List.of(c, b, a), false);
        StringBuilder picks = new StringBuilder();
        for (int i = 0; i < 6; i++) {
            FakeServer s = sel.select(any()).server();
            s.connections++;
            picks.append(s.name);
        }
        assertEquals("aabbcc", picks.toString());
        assertEquals(Selection.Outcome.QUEUE, sel.select(any()).outcome());
        b.connections--;
        assertEquals("b", sel.select(any()).server().name());
    }

    @Test
    void withoutMaxconnTheFirstServerTakesEverything() {
        var a = FakeServer.active("a", 1, 1);
        var b = FakeServer.active("b", 2, 1);
        var sel = new FirstSelector<>(List.of(a, b), false);
        assertEquals("a a a", Picks.sequence(sel, any(), 3));
        sel.onServerDown(a);
        assertEquals("b b", Picks.sequence(sel, any(), 2));
    }
}

package dev.hapair.proxy.lb;

import static dev.hapair.proxy.lb.Picks.any;
import static dev.hapair.proxy.lb.Picks.sequence;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class LeastConnSelectorTest {

    @Test
    void idleServersAreTakenInTurn() {
        var sel = new LeastConnSelector<>(
                List.of(FakeServer.active("a", 1, 1), FakeServer.active("b", 2, 1), FakeServer.active("c", 3, 1)),
                false);
        assertEquals("a b c a b c", sequence(sel, any(), 6));
    }

    @Test
    void newConnectionsGoToTheLeastLoadedUntilLevelled() {
        var a = FakeServer.active("a", 1, 1);
        var b = FakeServer.active("b", 2, 1);
        var c = FakeServer.active("c", 3, 1);
        a.connections = 5;
        b.connections = 2;
        c.connections = 1;
        var sel = new LeastConnSelector<>(List.of(a, b, c), false);
        StringBuilder picks = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            FakeServer s = sel.select(any()).server();
            s.connections++;
            sel.onConnectionStart(s);
            picks.append(s.name);
        }
        assertEquals("cbcbcbca", picks.toString());
        assertEquals(
                Map.of("a", 6, "b", 5, "c", 5), Map.of("a", a.connections, "b", b.connections, "c", c.connections));
    }

    @Test
    void heldConnectionsFollowWeights() {
        var a = FakeServer.active("a", 1, 2);
        var b = FakeServer.active("b", 2, 1);
        var sel = new LeastConnSelector<>(List.of(a, b), false);
        Map<String, Integer> counts = new TreeMap<>();
        for (int i = 0; i < 30; i++) {
            FakeServer s = sel.select(any()).server();
            s.connections++;
            counts.merge(s.name, 1, Integer::sum);
        }
        assertEquals(Map.of("a", 20, "b", 10), counts);
    }

    @Test
    void unevenLoadWithConnectionsEnding() {
        // b's connections are long-lived, a's end immediately: a takes almost everything
        var a = FakeServer.active("a", 1, 1);
        var b = FakeServer.active("b", 2, 1);
        var sel = new LeastConnSelector<>(List.of(a, b), false);
        int toA = 0;
        for (int i = 0; i < 100; i++) {
            FakeServer s = sel.select(any()).server();
            if (s == a) {
                toA++;
            } else {
                b.connections++;
            }
        }
        assertEquals(99, toA);
        assertEquals(1, b.connections);
    }

    @Test
    void fullServerIsSkipped() {
        var a = FakeServer.active("a", 1, 1);
        var b = FakeServer.active("b", 2, 1);
        a.maxconn = 1;
        a.connections = 1;
        b.connections = 10;
        var sel = new LeastConnSelector<>(List.of(a, b), false);
        assertEquals("b", sequence(sel, any(), 1));
    }
}

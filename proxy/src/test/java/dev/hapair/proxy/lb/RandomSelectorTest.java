package dev.hapair.proxy.lb;

import static dev.hapair.proxy.lb.Picks.any;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RandomSelectorTest {

    @Test
    void singleDrawFollowsWeights() {
        var a = FakeServer.active("a", 1, 3);
        var b = FakeServer.active("b", 2, 1);
        var sel = new RandomSelector<>(List.of(a, b), false, 1, new SplittableRandom(42));
        int toA = 0;
        for (int i = 0; i < 10_000; i++) {
            if (sel.select(any()).server() == a) {
                toA++;
            }
        }
        assertTrue(toA > 7200 && toA < 7800, "a got " + toA + " of 10000, expected ~7500");
    }

    @Test
    void twoDrawsPreferTheLessLoaded() {
        var a = FakeServer.active("a", 1, 1);
        var b = FakeServer.active("b", 2, 1);
        a.connections = 50;
        var sel = new RandomSelector<>(List.of(a, b), false, 2, new SplittableRandom(7));
        int toB = 0;
        for (int i = 0; i < 1000; i++) {
            if (sel.select(any()).server() == b) {
                toB++;
            }
        }
        // b loses only when both draws hit a: probability 1/4
        assertTrue(toB > 700 && toB < 800, "b got " + toB);
    }

    @Test
    void fullServersAreAvoidedThenQueued() {
        var a = FakeServer.active("a", 1, 1);
        var b = FakeServer.active("b", 2, 1);
        a.maxconn = 1;
        a.connections = 1;
        var sel = new RandomSelector<>(List.of(a, b), false, 1, new SplittableRandom(1));
        for (int i = 0; i < 50; i++) {
            assertEquals("b", sel.select(any()).server().name());
        }
        b.maxconn = 1;
        b.connections = 1;
        assertEquals(Selection.Outcome.QUEUE, sel.select(any()).outcome());
    }

    @Test
    void parsedWithDraws() throws Exception {
        assertEquals(3, LbAlgorithmFactoryTest.algorithm("  balance random(3)").draws());
        assertEquals(2, LbAlgorithmFactoryTest.algorithm("  balance random").draws());
        assertTrue(
                LbAlgorithmFactoryTest.algorithm("  balance random")
                                .newSelector(List.of(FakeServer.active("a", 1, 1)), false)
                        instanceof RandomSelector);
    }
}

package dev.hapair.proxy.lb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Event loops select while health checks push events: no torn state, exact shares at quiescence. */
class ConcurrentSelectionTest {

    @Test
    void selectsStayConsistentWhileServersFlap() throws Exception {
        List<FakeServer> servers = HashSelectorsTest.servers(4);
        var sel = new RoundRobinSelector<>(servers, false);
        FakeServer flapping = servers.get(3);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            AtomicInteger toFlapping = new AtomicInteger();
            List<Future<Integer>> workers = new ArrayList<>();
            for (int t = 0; t < 3; t++) {
                workers.add(pool.submit(() -> {
                    int chosen = 0;
                    for (int i = 0; i < 200_000; i++) {
                        Selection<FakeServer> s = sel.select(Picks.any());
                        if (s.hasServer()) {
                            chosen++;
                            if (s.server() == flapping) {
                                toFlapping.incrementAndGet();
                            }
                        }
                    }
                    return chosen;
                }));
            }
            Future<?> checker = pool.submit(() -> {
                for (int i = 0; i < 20_000; i++) {
                    if (i % 2 == 0) {
                        sel.onServerDown(flapping);
                    } else {
                        sel.onServerUp(flapping);
                    }
                }
            });
            checker.get(60, TimeUnit.SECONDS);
            for (Future<Integer> w : workers) {
                assertEquals(200_000, w.get(60, TimeUnit.SECONDS), "three servers stay up: never NO_SERVER");
            }
            assertTrue(toFlapping.get() < 600_000 / 4 + 1);
        } finally {
            pool.shutdownNow();
        }
        sel.onServerUp(flapping);
        String seq = Picks.sequence(sel, Picks.any(), 400);
        for (FakeServer s : servers) {
            int n = count(seq, s.name);
            assertTrue(n >= 99 && n <= 101, s.name + " got " + n + " of 400");
        }
    }

    private static int count(String seq, String name) {
        int n = 0;
        for (String x : seq.split(" ")) {
            if (x.equals(name)) {
                n++;
            }
        }
        return n;
    }
}

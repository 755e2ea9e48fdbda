package dev.hapair.health.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hapair.health.CheckResult;
import dev.hapair.health.CheckStatus;
import dev.hapair.health.Probe;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** 500 checks at once on ONE event loop thread: all complete, each within its timeout. */
class ConcurrentChecksIT extends EventLoopIT {

    private static final int N = 500;

    private record Outcome(Map<CheckStatus, Integer> counts, long maxMillis, long wallMillis, int extraThreads) {}

    private static Outcome runAll(List<Probe> probes, Duration timeout) throws Exception {
        int threadsBefore = Thread.activeCount();
        List<CompletableFuture<CheckResult>> fs = new ArrayList<>();
        long t0 = System.nanoTime();
        // Launched from the check loop itself, as CheckScheduler does.
        checkLoop
                .submit(() -> {
                    for (Probe p : probes) {
                        fs.add(p.run(timeout));
                    }
                })
                .get();
        // While all 500 are in flight: no thread may have been started per check.
        int extraThreads = Thread.activeCount() - threadsBefore;
        CompletableFuture.allOf(fs.toArray(CompletableFuture[]::new))
                .get(timeout.toMillis() + 5000, TimeUnit.MILLISECONDS);
        long wall = (System.nanoTime() - t0) / 1_000_000;
        Map<CheckStatus, Integer> counts = new EnumMap<>(CheckStatus.class);
        long max = 0;
        int[] hist = new int[8];
        for (CompletableFuture<CheckResult> f : fs) {
            CheckResult r = f.join();
            hist[(int) Math.min(7, r.duration().toMillis() / 250)]++;
            counts.merge(r.status(), 1, Integer::sum);
            max = Math.max(max, r.duration().toMillis());
        }
        System.out.println("duration histogram (250ms buckets): " + java.util.Arrays.toString(hist));
        return new Outcome(counts, max, wall, extraThreads);
    }

    @Test
    void fiveHundredHttpChecksOnOneLoopAllPassWithinTimeout() throws Exception {
        try (TestServer server = new TestServer(serverGroup)) {
            List<Probe> probes = new ArrayList<>();
            for (int i = 0; i < N; i++) {
                probes.add(new HttpProbe(checkLoop, server.address(), HttpCheckSpec.of("GET", "/c" + i, null)));
            }
            // Generous: CI runs this on 2 busy cores with paranoid leak detection; measured ~0.3s idle.
            Duration timeout = Duration.ofSeconds(5);
            Outcome o = runAll(probes, timeout);
            System.out.printf(
                    "500 HTTP checks on one loop: wall %d ms, slowest %d ms, %s%n",
                    o.wallMillis, o.maxMillis, o.counts);
            assertEquals(Map.of(CheckStatus.L7OK, N), o.counts);
            assertTrue(o.maxMillis < timeout.toMillis(), "slowest check took " + o.maxMillis + "ms");
            assertTrue(o.extraThreads < 5, o.extraThreads + " threads appeared while the checks ran");
            assertEquals(N, server.requests.size());
        }
    }

    @Test
    void fiveHundredMixedChecksIncludingHungServersAllEndAtTheirTimeout() throws Exception {
        try (TestServer ok = new TestServer(serverGroup);
                TestServer silent = new TestServer(serverGroup)) {
            silent.mode = TestServer.Mode.SILENT;
            java.net.InetSocketAddress refused = NetworkProbeIT.closedPort();
            List<Probe> probes = new ArrayList<>();
            for (int i = 0; i < N; i++) {
                switch (i % 4) {
                    case 0 -> probes.add(new HttpProbe(checkLoop, ok.address(), HttpCheckSpec.defaults()));
                    case 1 -> probes.add(new HttpProbe(checkLoop, silent.address(), HttpCheckSpec.defaults()));
                    case 2 -> probes.add(new TcpProbe(checkLoop, ok.address()));
                    default -> probes.add(new TcpProbe(checkLoop, refused));
                }
            }
            Duration timeout =
                    Duration.ofMillis(3000); // roomy for busy CI cores; the silent quarter must take all of it
            Outcome o = runAll(probes, timeout);
            System.out.printf(
                    "500 mixed checks on one loop: wall %d ms, slowest %d ms, %s%n",
                    o.wallMillis, o.maxMillis, o.counts);
            assertEquals(
                    Map.of(
                            CheckStatus.L7OK,
                            N / 4,
                            CheckStatus.L7TOUT,
                            N / 4,
                            CheckStatus.L4OK,
                            N / 4,
                            CheckStatus.L4CON,
                            N / 4),
                    o.counts);
            assertTrue(o.maxMillis < timeout.toMillis() + 500, "slowest check took " + o.maxMillis + "ms");
            assertTrue(o.wallMillis < timeout.toMillis() + 2000, "all 500 took " + o.wallMillis + "ms");
            assertTrue(o.extraThreads < 5, o.extraThreads + " threads appeared while the checks ran");
        }
    }
}

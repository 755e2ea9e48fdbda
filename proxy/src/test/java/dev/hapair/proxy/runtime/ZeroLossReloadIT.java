package dev.hapair.proxy.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hapair.proxy.testing.NginxServer;
import dev.hapair.proxy.testing.ProxyProcess;
import dev.hapair.testkit.Prerequisites;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Acceptance of issue 6: 100,000 keep-alive requests at concurrency 100 ({@code ab -r -k}) through a
 * hapair-proxy process, while it is reloaded 10 times with SIGUSR2 (plus one refused invalid config),
 * or upgraded 5 times with {@code -sf} (listening sockets handed over on the stats socket): 0 failed.
 */
class ZeroLossReloadIT {
    static final int REQUESTS = 100_000;
    static final int CONCURRENCY = 100;
    /** Bound on load rounds: each round is REQUESTS at CONCURRENCY, so the test stays bounded in count and time. */
    static final int MAX_ROUNDS = 4;

    /** ab results summed over rounds. */
    static final class Totals {
        long complete;
        long failed;
        long non2xx;
        int rounds;
        double seconds;
        String text = "";

        void add(LoadGenerator.Result r) {
            complete += r.complete();
            failed += r.failed();
            non2xx += r.non2xx();
            rounds++;
            seconds += r.requestsPerSecond() > 0 ? r.complete() / r.requestsPerSecond() : 0;
            text += r.text();
        }

        double rate() {
            return seconds > 0 ? complete / seconds : 0;
        }
    }

    @TempDir
    Path dir;

    private final List<AutoCloseable> cleanup = new ArrayList<>();
    private int frontPort;
    private NginxServer s1;
    private NginxServer s2;

    @BeforeEach
    void backends() throws Exception {
        Prerequisites.assumeCommands("nginx", "ab");
        s1 = new NginxServer("s1", dir, NginxServer.freePort()).start();
        cleanup.add(s1);
        s2 = new NginxServer("s2", dir, NginxServer.freePort()).start();
        cleanup.add(s2);
        frontPort = NginxServer.freePort();
    }

    @AfterEach
    void stop() throws Exception {
        for (int i = cleanup.size() - 1; i >= 0; i--) cleanup.get(i).close();
    }

    private String config(String checkInter) {
        return "global\n"
                + "    stats socket " + dir.resolve("admin.sock") + " mode 600 level admin expose-fd listeners\n"
                + "    pidfile " + dir.resolve("hapair.pid") + "\n"
                + "    hard-stop-after 30s\n"
                + "defaults\n    mode http\n    timeout connect 5s\n    timeout client 30s\n    timeout server 30s\n"
                + "frontend web\n    bind 127.0.0.1:" + frontPort + "\n    default_backend app\n"
                + "backend app\n    balance roundrobin\n"
                + "    server s1 127.0.0.1:" + s1.port() + " check inter " + checkInter + "\n"
                + "    server s2 127.0.0.1:" + s2.port() + " check inter 1s\n";
    }

    private ProxyProcess start(Path cfg, Map<String, String> env, String... extra) throws Exception {
        List<String> args = new ArrayList<>(List.of("-f", cfg.toString()));
        args.addAll(List.of(extra));
        ProxyProcess p = ProxyProcess.start(
                dir.resolve("proxy-" + System.nanoTime() + ".log"), env, args.toArray(String[]::new));
        cleanup.add(p);
        p.awaitLog("started", 30);
        return p;
    }

    @Test
    void tenReloadsAndAnInvalidConfigLoseNoRequest() throws Exception {
        Path cfg = Files.writeString(dir.resolve("haproxy.cfg"), config("1s"));
        ProxyProcess proxy = start(cfg, Map.of());
        ProxyProcess.awaitPort(frontPort, 10);
        // Rounds of REQUESTS until all ten reloads happened under load: a fast machine can finish one round
        // of ab before the tenth reload, a slow one needs a single round.
        Totals t = new Totals();
        int reloads = 0;
        for (int round = 0; reloads < 10 && round < MAX_ROUNDS; round++) {
            try (LoadGenerator ab =
                    LoadGenerator.start(dir.resolve("ab" + round + ".txt"), frontPort, REQUESTS, CONCURRENCY, 120)) {
                Thread.sleep(300);
                while (reloads < 10 && ab.running()) {
                    reloads++;
                    // every other reload really changes a server: it is replaced, the other one carried over
                    Files.writeString(cfg, config(reloads % 2 == 0 ? "1s" : "1500ms"));
                    proxy.signal(12); // SIGUSR2
                    proxy.awaitCount(" reloaded [", reloads, 10);
                    if (reloads == 5) {
                        Files.writeString(
                                cfg, config("1s").replace("balance roundrobin", "balance roundrobin\n    balanse x"));
                        proxy.signal(1); // SIGHUP: same as SIGUSR2
                        proxy.awaitCount("reload refused", 1, 10);
                        Files.writeString(cfg, config("1s"));
                    }
                    Thread.sleep(150);
                }
                t.add(ab.await(150));
            }
        }
        System.out.printf(
                "reload IT: %d requests in %d round(s), %d failed, %d non-2xx, %.0f req/s, %d reloads%n",
                t.complete, t.rounds, t.failed, t.non2xx, t.rate(), proxy.count(" reloaded ["));
        assertEquals((long) REQUESTS * t.rounds, t.complete, t.text);
        assertEquals(0, t.failed, t.text);
        assertEquals(0, t.non2xx, t.text);
        assertEquals(10, proxy.count(" reloaded ["), proxy.log());
        assertEquals(1, proxy.count("reload refused"), proxy.log());
        String log = proxy.log();
        assertTrue(
                log.contains("haproxy.cfg:") && log.contains("balanse"),
                "refusal names file:line and keyword:\n" + log);
        assertTrue(log.contains("servers kept 1, new 1"), log);
        assertTrue(proxy.alive());
    }

    @Test
    void fiveBinaryUpgradesLoseNoRequest() throws Exception {
        Path cfg = Files.writeString(dir.resolve("haproxy.cfg"), config("1s"));
        Path notifyPath = dir.resolve("notify.sock");
        try (FakeNotifySocket notify = FakeNotifySocket.bind(notifyPath)) {
            Map<String, String> env = Map.of("NOTIFY_SOCKET", notifyPath.toString());
            // single-process upgrades (-Ws is master-worker mode, see MasterWorkerSystemdIT): sd_notify with -db too
            ProxyProcess proxy = start(cfg, env, "-db");
            ProxyProcess.awaitPort(frontPort, 10);
            List<ProxyProcess> all = new ArrayList<>(List.of(proxy));
            Totals t = new Totals();
            for (int round = 0; all.size() < 6 && round < MAX_ROUNDS; round++) {
                try (LoadGenerator ab = LoadGenerator.start(
                        dir.resolve("ab" + round + ".txt"), frontPort, REQUESTS, CONCURRENCY, 120)) {
                    Thread.sleep(300);
                    while (all.size() < 6 && ab.running()) {
                        ProxyProcess old = all.get(all.size() - 1);
                        ProxyProcess next = start(cfg, env, "-db", "-sf", Long.toString(old.pid()));
                        assertTrue(next.log().contains("took 1 listening sockets"), next.log());
                        all.add(next);
                        Thread.sleep(500);
                    }
                    t.add(ab.await(150));
                }
            }
            System.out.printf(
                    "upgrade IT: %d requests in %d round(s), %d failed, %d non-2xx, %.0f req/s, %d upgrades%n",
                    t.complete, t.rounds, t.failed, t.non2xx, t.rate(), all.size() - 1);
            assertEquals((long) REQUESTS * t.rounds, t.complete, t.text);
            assertEquals(0, t.failed, t.text);
            assertEquals(0, t.non2xx, t.text);
            assertEquals(6, all.size(), "5 upgrades happened during the load");
            ProxyProcess last = all.get(all.size() - 1);
            for (ProxyProcess p : all.subList(0, all.size() - 1)) {
                assertTrue(p.waitFor(35), "old process " + p.pid() + " exited after its soft stop:\n" + p.log());
            }
            assertTrue(last.alive());
            assertEquals(
                    Long.toString(last.pid()),
                    Files.readString(dir.resolve("hapair.pid")).trim(),
                    "the newest process owns the pidfile");
            List<String> msgs = notify.received();
            assertTrue(msgs.stream().anyMatch(m -> m.equals("MAINPID=" + last.pid())), msgs.toString());
            assertTrue(msgs.stream().filter(m -> m.startsWith("READY=1")).count() >= 6, msgs.toString());
            assertTrue(msgs.stream().anyMatch(m -> m.startsWith("STOPPING=1")), msgs.toString());
            assertFalse(msgs.isEmpty());
        }
    }
}

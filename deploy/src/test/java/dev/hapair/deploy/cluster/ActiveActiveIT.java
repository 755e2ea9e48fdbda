package dev.hapair.deploy.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hapair.testkit.ExecResult;
import dev.hapair.testkit.Host;
import dev.hapair.testkit.HostProcess;
import dev.hapair.testkit.Prerequisites;
import dev.hapair.testkit.Topology;
import dev.hapair.testkit.Wait;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * N-way active-active VRRP (issue 17) with 3 nodes in namespaces: the keepalived.conf files come from
 * {@code hapair-vrrp plan}, each node runs hapair-proxy bound to all three VIPs (ip_nonlocal_bind in its
 * namespace) and hapair-vrrp. Kill lb1's proxy: VIP 1 moves to the planned survivor lb2, lb2 and lb3 keep their
 * own; a client cycling over the three VIPs with a new connection per request keeps going, failures counted.
 * Restart the proxy: VIP 1 returns to lb1.
 */
class ActiveActiveIT {
    static final String NET = "10.216.0.";
    static final List<String> VIPS = List.of(NET + "101", NET + "102", NET + "103");

    @TempDir
    Path dir;

    @Test
    void proxyDeathMovesOnlyThatNodesVipToThePlannedSurvivor() throws Exception {
        Prerequisites.assumeNamespaces();
        Prerequisites.assumeCommands("python3", "curl", "socat");
        String runId;
        try (Topology net = Topology.create()) {
            runId = net.runId();
            List<Host> lbs = new ArrayList<>();
            for (int i = 1; i <= 3; i++) {
                Host lb = net.addHost("lb" + i, NET + (10 + i) + "/24");
                // the proxy binds all three VIPs while it holds one (or none): per-namespace sysctl
                lb.sysctl("net.ipv4.ip_nonlocal_bind", "1");
                lbs.add(lb);
            }
            Host web = net.addHost("web1", NET + "21/24");
            Host cli = net.addHost("cli", NET + "50/24");
            ClusterKit.startWeb(web, dir, web.ip(), 8080);

            // the configs are the tool's output; only the pid file path differs per node here (shared /tmp)
            Path planDir = dir.resolve("plan");
            List<String> plan = new ArrayList<>(List.of(
                    "plan",
                    "--out",
                    planDir.toString(),
                    "--proxy-pidfile",
                    dir.resolve("proxy-NODE.pid").toString()));
            for (int i = 1; i <= 3; i++) {
                plan.addAll(List.of("--node", "lb" + i + ",eth0," + NET + (10 + i), "--vip", VIPS.get(i - 1) + "/24"));
            }
            ExecResult gen =
                    lbs.get(0).exec(ClusterKit.java("vrrp", plan.toArray(String[]::new)), Duration.ofSeconds(60));
            assertEquals(0, gen.exitCode(), gen.toString());

            List<HostProcess> proxies = new ArrayList<>();
            for (Host lb : lbs) {
                proxies.add(ClusterKit.startProxy(lb, dir, proxyConfig(lb)));
            }
            List<HostProcess> vrrp = new ArrayList<>();
            for (Host lb : lbs) {
                Path conf = dir.resolve("keepalived-" + lb.name() + ".conf");
                ClusterKit.write(
                        conf,
                        ClusterKit.read(planDir.resolve("keepalived-" + lb.name() + ".conf"))
                                .replace("proxy-NODE.pid", "proxy-" + lb.name() + ".pid"));
                ExecResult check =
                        lb.exec(ClusterKit.java("vrrp", "-t", "-f", conf.toString()), Duration.ofSeconds(60));
                assertEquals(0, check.exitCode(), check.toString());
                vrrp.add(lb.start(
                        ClusterKit.java(
                                "vrrp",
                                "-l",
                                "-f",
                                conf.toString(),
                                "-p",
                                dir.resolve("vrrp-" + lb.name() + ".pid").toString()),
                        dir.resolve("vrrp-" + lb.name() + ".log")));
            }
            Wait.until("each node holding its own VIP", Duration.ofSeconds(60), () -> holders(lbs)
                    .equals(Map.of(VIPS.get(0), "lb1", VIPS.get(1), "lb2", VIPS.get(2), "lb3")));

            List<String> urls = VIPS.stream().map(v -> "http://" + v + "/").toList();
            ClusterKit.ClientLoop client = new ClusterKit.ClientLoop(cli, dir, urls, 3000);
            Thread.sleep(2500);

            long killedAt = System.currentTimeMillis();
            proxies.get(0).kill();
            Wait.until("VIP 1 on lb2", Duration.ofSeconds(10), () -> "lb2"
                    .equals(holders(lbs).get(VIPS.get(0))));
            long movedAt = System.currentTimeMillis();
            assertEquals(
                    Map.of(VIPS.get(0), "lb2", VIPS.get(1), "lb2", VIPS.get(2), "lb3"),
                    holders(lbs),
                    "lb1's VIP on the planned survivor lb2, the others unchanged");
            Thread.sleep(3000);
            long phase1End = System.currentTimeMillis();
            assertEquals(Map.of(VIPS.get(0), "lb2", VIPS.get(1), "lb2", VIPS.get(2), "lb3"), holders(lbs));

            proxies.set(0, ClusterKit.startProxy(lbs.get(0), dir, proxyConfig(lbs.get(0))));
            Wait.until("VIP 1 back on lb1", Duration.ofSeconds(15), () -> "lb1"
                    .equals(holders(lbs).get(VIPS.get(0))));
            long backAt = System.currentTimeMillis();
            Thread.sleep(2000);
            client.stop();
            assertEquals(Map.of(VIPS.get(0), "lb1", VIPS.get(1), "lb2", VIPS.get(2), "lb3"), holders(lbs));

            List<ClusterKit.Outcome> all = client.outcomes();
            List<String> figures = new ArrayList<>();
            figures.add("proxy kill -9 on lb1 -> VIP 1 on lb2: " + (movedAt - killedAt) + " ms (polled every 50 ms)");
            figures.add("proxy back on lb1 -> VIP 1 back on lb1 (preempt): after "
                    + ClusterKit.seconds(backAt - phase1End));
            for (String phase : List.of("before", "failover", "return")) {
                for (String url : urls) {
                    List<ClusterKit.Outcome> o = all.stream()
                            .filter(x -> x.url().equals(url))
                            .filter(x -> phase.equals("before")
                                    ? x.epochMillis() < killedAt
                                    : phase.equals("failover")
                                            ? x.epochMillis() >= killedAt && x.epochMillis() < phase1End
                                            : x.epochMillis() >= phase1End)
                            .toList();
                    figures.add(phase + " " + url + ": " + o.size() + " requests, " + failed(o) + " failed"
                            + failuresAt(o, phase.equals("return") ? phase1End : killedAt));
                }
            }
            figures.forEach(f -> System.out.println("[hapair-vrrp active-active] " + f));
            ClusterKit.write(dir.resolve("figures.txt"), String.join("\n", figures) + "\n");

            List<ClusterKit.Outcome> beforeKill =
                    all.stream().filter(x -> x.epochMillis() < killedAt).toList();
            assertTrue(beforeKill.size() > 15 && failed(beforeKill) == 0, figures.toString());
            // the survivors' VIPs never fail
            List<ClusterKit.Outcome> others =
                    all.stream().filter(x -> !x.url().equals(urls.get(0))).toList();
            assertEquals(0, failed(others), "requests to lb2's and lb3's VIPs: " + figures);
            // VIP 1: only requests racing the move may fail (the 2 s curl timeout included), none after
            List<ClusterKit.Outcome> vip1 =
                    all.stream().filter(x -> x.url().equals(urls.get(0))).toList();
            assertEquals(
                    0,
                    vip1.stream()
                            .filter(x -> !x.ok() && x.epochMillis() > movedAt + 2100 && x.epochMillis() < phase1End)
                            .count(),
                    figures.toString());
            for (HostProcess v : vrrp) {
                assertTrue(v.isAlive(), v.output());
            }
        }
        assertEquals(List.of(), Topology.leftovers(runId), "namespaces/links left behind");
    }

    String proxyConfig(Host lb) {
        return ClusterKit.proxyConfig(
                ClusterKit.statsSocket(dir, lb),
                VIPS.stream().map(v -> v + ":80").toList(),
                List.of(NET + "21:8080"));
    }

    /** VIP -> the node holding it (a VIP held twice shows as "lb1+lb2"). */
    static Map<String, String> holders(List<Host> lbs) {
        Map<String, String> m = new TreeMap<>();
        for (Host lb : lbs) {
            for (String v : VIPS) {
                if (lb.hasAddress("eth0", v)) {
                    m.merge(v, lb.name(), (a, b) -> a + "+" + b);
                }
            }
        }
        return m;
    }

    static long failed(List<ClusterKit.Outcome> o) {
        return o.stream().filter(x -> !x.ok()).count();
    }

    static String failuresAt(List<ClusterKit.Outcome> o, long t0) {
        List<String> f = o.stream()
                .filter(x -> !x.ok())
                .map(x -> "+" + (x.epochMillis() - t0) + " ms (" + x.code() + ")")
                .toList();
        return f.isEmpty() ? "" : " " + f;
    }
}

package dev.hapair.vrrp.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hapair.vrrp.config.ConfigResult;
import dev.hapair.vrrp.config.InitialState;
import dev.hapair.vrrp.config.KeepalivedConfig;
import dev.hapair.vrrp.config.KeepalivedConfigParser;
import dev.hapair.vrrp.config.VrrpInstanceConfig;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ActiveActivePlanTest {
    static final List<String> THREE = List.of(
            "--node",
            "lb1,eth0,10.213.7.11",
            "--node",
            "lb2,eth0,10.213.7.12",
            "--node",
            "lb3,eth1,10.213.7.13",
            "--vip",
            "10.213.7.101/24",
            "--vip",
            "10.213.7.102/24",
            "--vip",
            "10.213.7.103/24");

    static ActiveActivePlan plan(int n) {
        List<PlanNode> nodes = new java.util.ArrayList<>();
        List<PlanVip> vips = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) {
            nodes.add(PlanCommand.node("lb" + (i + 1) + ",eth0,10.0.0." + (11 + i)));
            vips.add(PlanCommand.vip("10.0.0." + (101 + i) + "/24"));
        }
        return new ActiveActivePlan(nodes, vips, PlanOptions.defaults());
    }

    @Test
    void ownerHasTheHighestPriorityAndEachVipHasDistinctPriorities() {
        for (int n = 2; n <= ActiveActivePlan.MAX_NODES; n++) {
            ActiveActivePlan p = plan(n);
            for (int v = 0; v < n; v++) {
                Set<Integer> seen = new java.util.HashSet<>();
                for (int node = 0; node < n; node++) {
                    int prio = p.priority(v, node);
                    assertTrue(prio >= 1 && prio <= 254, "priority " + prio);
                    assertTrue(seen.add(prio), "priorities of VIP " + v + " are distinct with " + n + " nodes");
                }
                assertEquals(v, p.holder(v, Set.of()), "owner holds its VIP");
            }
        }
    }

    @Test
    void failedNodesVipGoesToTheNextNodeInListOrderWrapping() {
        ActiveActivePlan p = plan(3);
        assertEquals(1, p.holder(0, Set.of(0)), "lb1 down: VIP1 to lb2");
        assertEquals(2, p.holder(1, Set.of(1)), "lb2 down: VIP2 to lb3");
        assertEquals(0, p.holder(2, Set.of(2)), "lb3 down: VIP3 wraps to lb1");
        assertEquals(2, p.holder(0, Set.of(0, 1)), "lb1 and lb2 down: VIP1 to lb3");
        assertEquals(1, p.holder(1, Set.of(0)), "the survivors keep their own VIPs");
        assertEquals(2, p.holder(2, Set.of(0)));
        assertEquals(-1, p.holder(0, Set.of(0, 1, 2)));
        assertEquals(
                List.of("lb3", "lb1", "lb2"),
                p.succession(2).stream().map(PlanNode::name).toList());
    }

    @Test
    void goldenThreeNodeOutput() throws IOException {
        assertEquals(resource("plan/three-nodes.txt"), run(THREE, 0));
        assertEquals(
                resource("plan/three-nodes-unicast.txt"),
                run(concat(THREE, "--unicast", "--auth-pass", "s3cret", "--first-vrid", "60"), 0));
    }

    @Test
    void everyGeneratedFilePassesOurParserWithTheExpectedRoles(@TempDir Path dir) throws IOException {
        String printed = run(concat(THREE, "--unicast", "--out", dir.toString()), 0);
        assertTrue(printed.contains("wrote " + dir.resolve("keepalived-lb3.conf")), printed);
        for (int node = 0; node < 3; node++) {
            Path f = dir.resolve("keepalived-lb" + (node + 1) + ".conf");
            ConfigResult r = KeepalivedConfigParser.parse(f);
            assertEquals(List.of(), r.diagnostics(), f.toString());
            KeepalivedConfig c = r.config().orElseThrow();
            assertEquals(3, c.instances().size());
            for (int v = 0; v < 3; v++) {
                VrrpInstanceConfig i = c.instance("VI_" + (v + 1)).orElseThrow();
                assertEquals(v == node ? InitialState.MASTER : InitialState.BACKUP, i.state());
                assertEquals(51 + v, i.virtualRouterId());
                assertEquals(150 - 10 * Math.floorMod(node - v, 3), i.priority(), "lb" + (node + 1) + " VI_" + (v + 1));
                assertEquals(2, i.unicastPeers().size());
            }
            assertEquals(
                    Optional.of(Path.of("/run/hapair/hapair-proxy.pid")),
                    c.trackProcess("chk_proxy").orElseThrow().pidfile());
        }
    }

    @Test
    void shippedExamplesAreWhatTheToolPrints() throws IOException {
        Path examples = Path.of("../deploy/examples/active-active");
        String[] expected = run(
                        THREE.stream()
                                .map(a -> a.replace("eth1", "eth0").replace("10.213.7.", "192.168.56."))
                                .toList(),
                        0)
                .split("!!! ---------- ");
        for (int node = 1; node <= 3; node++) {
            String file = "keepalived-lb" + node + ".conf";
            String block = expected[node];
            String text = block.substring(block.indexOf('\n') + 1);
            text = node < 3 ? text.substring(0, text.length() - 1) : text; // blank line between files
            assertEquals(text, Files.readString(examples.resolve(file)), file + " differs from 'hapair-vrrp plan'");
        }
    }

    @Test
    void badInputIsAUsageErrorNamingTheProblem() {
        assertTrue(run(List.of("--node", "lb1,eth0,10.0.0.1", "--vip", "10.0.0.100/24"), 2)
                .contains("at least 2 nodes"));
        assertTrue(
                run(List.of("--node", "lb1,eth0,10.0.0.1", "--node", "lb2,eth0,10.0.0.2", "--vip", "10.0.0.100/24"), 2)
                        .contains("2 node(s) but 1 VIP(s)"));
        assertTrue(run(
                        List.of(
                                "--node",
                                "lb1,eth0,10.0.0.1",
                                "--node",
                                "lb2,eth0,10.0.0.1",
                                "--vip",
                                "10.0.0.100/24",
                                "--vip",
                                "10.0.0.101/24"),
                        2)
                .contains("appears twice"));
        assertTrue(run(concat(THREE, "--first-vrid", "254"), 2).contains("go past 255"));
        assertTrue(run(List.of("--node", "lb1,eth0,10.0.0.300"), 2).contains("not an IPv4 address"));
        assertTrue(run(List.of("--node", "lb1,eth0"), 2).contains("NAME,IFACE,ADDR"));
        assertTrue(run(concat(THREE, "--auth-pass", "much-too-long"), 2).contains("1..8"));
        assertThrows(IllegalArgumentException.class, () -> PlanCommand.vip("10.0.0.1/33"));
    }

    static List<String> concat(List<String> a, String... more) {
        List<String> all = new java.util.ArrayList<>(a);
        all.addAll(List.of(more));
        return all;
    }

    /** Runs the command; returns stdout on the expected success, stderr on an expected failure. */
    static String run(List<String> args, int expectedExit) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int rc = PlanCommand.run(
                args,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        String o = out.toString(StandardCharsets.UTF_8);
        String e = err.toString(StandardCharsets.UTF_8);
        assertEquals(expectedExit, rc, o + e);
        return expectedExit == 0 ? o : e;
    }

    static String resource(String name) throws IOException {
        try (InputStream in = Objects.requireNonNull(
                ActiveActivePlanTest.class.getClassLoader().getResourceAsStream(name), name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}

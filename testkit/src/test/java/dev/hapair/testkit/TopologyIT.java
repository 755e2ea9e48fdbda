package dev.hapair.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Acceptance test of the kit: two hosts on one bridge, TCP across it, link cut and restored, nothing left. */
class TopologyIT {
    private static final Duration SHORT = Duration.ofSeconds(2);
    private static final Duration LONG = Duration.ofSeconds(10);

    @BeforeAll
    static void needNamespaces() {
        Prerequisites.assumeNamespaces();
        Prerequisites.assumeCommands("socat", "bash", "timeout");
    }

    @Test
    void tcpAcrossBridgeStopsWhenLinkIsCutAndResumesWhenRestored() {
        List<String> rootVethsBefore = rootVeths();
        String runId;
        HostProcess server;
        try (Topology net = Topology.create()) {
            runId = net.runId();
            Host a = net.addHost("a", "10.213.1.1/24");
            Host b = net.addHost("b", "10.213.1.2/24");
            assertTrue(net.switchNamespace().startsWith("hpt" + runId + "-"));
            assertEquals("hpt" + runId + "-a", a.namespace());
            assertTrue(Netns.list().containsAll(List.of(a.namespace(), b.namespace(), net.switchNamespace())));
            assertTrue(a.hasAddress("eth0", "10.213.1.1"));
            assertTrue(
                    a.addresses("lo").stream().anyMatch(x -> x.address().equals("127.0.0.1")),
                    "loopback is up with 127.0.0.1");

            server = b.start("socat", "TCP-LISTEN:7000,fork,reuseaddr", "SYSTEM:echo hello-from-b");
            Wait.until("b listening", LONG, () -> a.tcpConnects(b.ip(), 7000, SHORT));
            ExecResult got = a.exec("timeout", "5", "bash", "-c", "exec 3<>/dev/tcp/10.213.1.2/7000; cat <&3")
                    .orThrow();
            assertEquals("hello-from-b", got.stdout().strip());
            // the exchange went over the bridge: a learnt b's real MAC by ARP
            Neighbour nb = a.neighbour(b.ip()).orElseThrow();
            assertEquals(b.mac(), nb.mac());

            b.cutLink();
            Wait.until("b loses carrier", LONG, () -> !b.hasCarrier("eth0"));
            assertFalse(a.tcpConnects(b.ip(), 7000, SHORT), "connect must fail while b's link is cut");
            assertTrue(server.isAlive(), "the server still runs; only the link is cut");

            b.restoreLink();
            Wait.until("b has carrier again", LONG, () -> b.hasCarrier("eth0"));
            Wait.until("b reachable again", LONG, () -> a.tcpConnects(b.ip(), 7000, SHORT));

            b.cutLink("eth0", CutMode.DETACH);
            assertTrue(b.hasCarrier("eth0"), "a detached port keeps the host's carrier");
            assertEquals("UP", b.operState("eth0"));
            assertFalse(a.tcpConnects(b.ip(), 7000, SHORT), "connect must fail while b is detached");
            b.restoreLink();
            Wait.until("b reachable after re-attach", LONG, () -> a.tcpConnects(b.ip(), 7000, SHORT));
        }
        assertFalse(server.isAlive(), "close stops processes started through the kit");
        assertEquals(List.of(), Topology.leftovers(runId));
        assertFalse(Commands.check("ip", "netns", "list").stdout().contains(runId));
        assertFalse(Commands.check("ip", "link").stdout().contains(runId));
        assertEquals(rootVethsBefore, rootVeths(), "no veth appeared in the root namespace");
    }

    @Test
    void processesAddressesSegmentsAndCleanupOfStrayProcesses() {
        String runId;
        long stray;
        HostProcess sleeper;
        try (Topology net = Topology.create()) {
            runId = net.runId();
            Host lb1 = net.addHost("lb1", "10.213.2.11/24");
            Host lb2 = net.addHost("lb2", "10.213.2.12/24");
            Segment back = net.addSegment("back");
            assertEquals("eth1", lb1.attach(back, "10.213.3.11/24"));
            Host web = net.addHost("web");
            assertEquals("eth0", web.attach(back, "10.213.3.21/24"));
            assertEquals(List.of("eth0", "eth1"), lb1.interfaceNames());
            assertEquals("10.213.3.11", lb1.ip("eth1"));

            // segments are separate layer-2 domains
            HostProcess srv = web.start("socat", "TCP-LISTEN:80,fork,reuseaddr", "SYSTEM:echo web");
            Wait.until("web reachable from lb1 over 'back'", LONG, () -> lb1.tcpConnects("10.213.3.21", 80, SHORT));
            assertFalse(lb2.tcpConnects("10.213.3.21", 80, SHORT), "lb2 has no leg on 'back'");
            srv.stop();
            assertFalse(srv.isAlive());

            // a VIP added and removed by hand is seen by addresses()
            lb1.addAddress("eth0", "10.213.2.100/24");
            assertTrue(lb1.hasAddress("eth0", "10.213.2.100"));
            assertTrue(
                    lb1.addresses("eth0").stream().anyMatch(x -> x.address().equals("10.213.2.100") && x.secondary()));
            lb1.removeAddress("eth0", "10.213.2.100/24");
            assertFalse(lb1.hasAddress("eth0", "10.213.2.100"));

            // sysctls are per host: lb1 changes, lb2 and the root namespace do not
            lb1.sysctl("net.ipv4.ip_nonlocal_bind", "1");
            assertEquals(
                    "1",
                    lb1.exec("cat", "/proc/sys/net/ipv4/ip_nonlocal_bind")
                            .stdout()
                            .strip());
            assertEquals(
                    "0",
                    lb2.exec("cat", "/proc/sys/net/ipv4/ip_nonlocal_bind")
                            .stdout()
                            .strip());

            // started processes really run inside the host's namespace, with captured output
            sleeper = lb2.start("sh", "-c", "echo started-in-lb2; exec sleep 300");
            sleeper.awaitOutput("started-in-lb2", LONG);
            assertEquals(
                    lb2.namespace(),
                    Commands.check("ip", "netns", "identify", Long.toString(sleeper.pid()))
                            .stdout()
                            .strip());
            assertTrue(sleeper.output().startsWith("started-in-lb2"));

            // exec returns exit code and both streams
            ExecResult r = lb1.sh("echo out; echo err >&2; exit 3");
            assertEquals(3, r.exitCode());
            assertEquals("out", r.stdout().strip());
            assertEquals("err", r.stderr().strip());
            assertThrows(CommandFailedException.class, r::orThrow);
            assertTrue(lb1.exec(Duration.ofMillis(300), "sleep", "5").timedOut());

            // a daemon that forks away from the kit is still killed on close
            stray = Long.parseLong(lb1.sh("sleep 300 >/dev/null 2>&1 & echo $!")
                    .orThrow()
                    .stdout()
                    .strip());
            assertTrue(ProcessHandle.of(stray).map(ProcessHandle::isAlive).orElse(false));
            assertThrows(IllegalArgumentException.class, () -> net.addHost("lb1"));
        }
        assertFalse(sleeper.isAlive());
        assertFalse(ProcessHandle.of(stray).map(ProcessHandle::isAlive).orElse(false), "stray process killed");
        assertEquals(List.of(), Topology.leftovers(runId));
    }

    @Test
    void signalsReachProcessesAndSwitchCaptureSeesTheSegment() {
        Prerequisites.assumeCommands("tcpdump");
        try (Topology net = Topology.create()) {
            Host a = net.addHost("a", "10.213.8.1/24");
            Host b = net.addHost("b", "10.213.8.2/24");
            HostProcess d = a.start("sh", "-c", "trap 'echo got-hup' HUP; echo ready; while :; do sleep 0.1; done");
            d.awaitOutput("ready", LONG);
            assertTrue(d.signal("HUP"));
            d.awaitOutput("got-hup", LONG);
            assertTrue(d.isAlive());

            HostProcess cap = net.switchStart("tcpdump", "-l", "-n", "-i", "br-lan", "tcp", "port", "7001");
            cap.awaitOutput("listening on br-lan", LONG);
            b.start("socat", "TCP-LISTEN:7001,reuseaddr", "SYSTEM:echo x");
            Wait.until("b listening", LONG, () -> a.tcpConnects(b.ip(), 7001, SHORT));
            cap.awaitOutput("10.213.8.2.7001", LONG);
            assertEquals(143, d.stop(), "SIGTERM exit status");
            assertFalse(d.signal("HUP"), "no signal to a stopped process");
        }
    }

    /** veth interfaces currently in the root namespace. */
    static List<String> rootVeths() {
        String json = Commands.check("ip", "-j", "-d", "link").stdout();
        List<String> out = new ArrayList<>();
        for (Map<String, Object> link : Json.parseObjectArray(json)) {
            if (link.get("linkinfo") instanceof Map<?, ?> info && "veth".equals(info.get("info_kind"))) {
                out.add(String.valueOf(link.get("ifname")));
            }
        }
        out.sort(null);
        return out;
    }
}

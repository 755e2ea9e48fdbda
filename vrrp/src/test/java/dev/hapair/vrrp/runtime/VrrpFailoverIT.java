package dev.hapair.vrrp.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hapair.testkit.ExecResult;
import dev.hapair.testkit.Host;
import dev.hapair.testkit.HostProcess;
import dev.hapair.testkit.Neighbour;
import dev.hapair.testkit.Prerequisites;
import dev.hapair.testkit.Wait;
import dev.hapair.vrrp.fsm.Timers;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Acceptance of the hapair-vrrp daemon: two daemons (child JVMs from the shaded jar) on one bridge in
 * network namespaces, a client host watching its neighbour table. Takeover times are measured from the
 * moment of the kill/signal to the VIP appearing on the new master, printed, and held to the RFC formulas:
 * Master_Down_Interval + 0.3 s after a crash, Skew_Time + 0.3 s after an orderly stop or a tracked process
 * dying (priority-0 advert).
 */
class VrrpFailoverIT {
    static final String VIP = "10.213.0.100";
    static final Duration INTERVAL = Duration.ofSeconds(1);
    static final Duration SLACK = Duration.ofMillis(300);
    /** lb2 at priority 100 takes over. */
    static final Duration MASTER_DOWN = Timers.masterDownInterval(100, INTERVAL);

    static final Duration SKEW = Timers.skewTime(100, INTERVAL);

    static Segment net;
    static Host lb1;
    static Host lb2;
    static Host client;
    static final List<String> FIGURES = new ArrayList<>();

    @TempDir
    Path dir;

    final List<VrrpNode> nodes = new ArrayList<>();
    final List<HostProcess> tracked = new ArrayList<>();

    @BeforeAll
    static void network() {
        net = Segment.create();
        lb1 = net.add("lb1", "10.213.0.11/24");
        lb2 = net.add("lb2", "10.213.0.12/24");
        client = net.add("cli", "10.213.0.50/24");
    }

    @AfterEach
    void stopDaemons() {
        nodes.forEach(VrrpNode::stop);
        tracked.forEach(HostProcess::kill);
        for (Host h : new Host[] {lb1, lb2}) {
            if (h != null && h.hasAddress("eth0", VIP)) {
                h.removeAddress("eth0", VIP + "/24"); // leave the next test a clean segment
            }
        }
    }

    @AfterAll
    static void teardown() {
        FIGURES.forEach(f -> System.out.println("[hapair-vrrp takeover] " + f));
        Segment.close(net);
    }

    // ------------------------------------------------------------------ configs

    static String instance(String state, int priority, boolean nopreempt, String extra) {
        return "vrrp_instance VI_1 {\n"
                + "    state " + state + "\n"
                + "    interface eth0\n"
                + "    virtual_router_id 51\n"
                + "    priority " + priority + "\n"
                + "    advert_int 1\n"
                + (nopreempt ? "    nopreempt\n" : "")
                + "    authentication {\n        auth_type PASS\n        auth_pass s3cret\n    }\n"
                + "    virtual_ipaddress {\n        " + VIP + "/24 dev eth0 label eth0:vip\n    }\n"
                + extra
                + "}\n";
    }

    static String plain(String state, int priority) {
        return instance(state, priority, false, "");
    }

    static String trackingProcess(Path pidfile, String state, int priority, boolean nopreempt) {
        return "vrrp_track_process proxy {\n    pidfile " + pidfile + "\n    weight 0\n}\n"
                + instance(state, priority, nopreempt, "    track_process {\n        proxy\n    }\n");
    }

    // ------------------------------------------------------------------ helpers

    VrrpNode node(Host h, String config) {
        VrrpNode n = new VrrpNode(h, dir, config);
        nodes.add(n);
        return n;
    }

    /** Starts lb1 first and waits until it is master, then lb2: a deterministic starting point. */
    void startPair(VrrpNode one, VrrpNode two) {
        one.start();
        Wait.until("VIP on lb1", Duration.ofSeconds(10), () -> one.holds(VIP));
        two.start();
        two.process().awaitOutput("INIT -> BACKUP", Duration.ofSeconds(10));
        Wait.until("lb2 hearing lb1", Duration.ofSeconds(15), () -> two.dump().contains("\"master\":\"10.213.0.11\""));
        assertExactlyOneHolder(lb1);
    }

    static void assertExactlyOneHolder(Host expected) {
        assertEquals(List.of(expected.name()), holders(), "hosts holding " + VIP);
    }

    static List<String> holders() {
        List<String> h = new ArrayList<>();
        for (Host host : new Host[] {lb1, lb2, client}) {
            if (host.hasAddress("eth0", VIP)) {
                h.add(host.name());
            }
        }
        return h;
    }

    /** Seconds from {@code t0} until {@code condition} holds, polling every 10 ms; fails after {@code max}. */
    static double secondsUntil(long t0, Duration max, String what, BooleanSupplier condition) {
        long deadline = t0 + max.toNanos() + Duration.ofSeconds(3).toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return (System.nanoTime() - t0) / 1e9;
            }
            sleep(10);
        }
        throw new AssertionError(what + " did not happen within " + max.plusSeconds(3));
    }

    static void assertWithin(double seconds, Duration bound, String what) {
        String line = String.format(Locale.ROOT, "%s: %.3f s (bound %.3f s)", what, seconds, bound.toNanos() / 1e9);
        FIGURES.add(line);
        System.out.println("[hapair-vrrp takeover] " + line);
        assertTrue(seconds <= bound.toNanos() / 1e9, line);
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Makes the client resolve the VIP (a TCP SYN to it; refused or not, ARP has run). */
    static void resolveFromClient() {
        client.exec("timeout", "2", "bash", "-c", "exec 3<>/dev/tcp/" + VIP + "/7 || true");
    }

    /** Starts a stand-in for the proxy on {@code h} and writes its pid file atomically. */
    HostProcess startTracked(Host h, Path pidfile) throws IOException {
        HostProcess p = h.start("sleep", "600");
        tracked.add(p);
        Path tmp = pidfile.resolveSibling(pidfile.getFileName() + ".tmp");
        Files.writeString(tmp, p.pid() + "\n", StandardCharsets.US_ASCII);
        Files.move(tmp, pidfile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return p;
    }

    // ------------------------------------------------------------------ tests

    @Test
    void crashOfMasterBackupTakesOverAndClientLearnsNewMacThenReleaseCleansUp() {
        VrrpNode one = node(lb1, plain("MASTER", 101));
        VrrpNode two = node(lb2, plain("BACKUP", 100));
        startPair(one, two);
        resolveFromClient();
        assertEquals(Optional.of(lb1.mac()), client.neighbour(VIP).map(Neighbour::mac), "client's ARP entry: lb1");

        long t0 = System.nanoTime();
        one.kill9();
        double took = secondsUntil(t0, MASTER_DOWN.plus(SLACK), "VIP on lb2 after kill -9", () -> two.holds(VIP));
        assertWithin(took, MASTER_DOWN.plus(SLACK), "kill -9 of master -> VIP on backup");
        assertTrue(two.output().contains("BACKUP -> MASTER (master down after"), two.output());

        String lb2Mac = lb2.mac();
        Wait.until(
                "client's neighbour entry for the VIP pointing at lb2 (gratuitous ARP)",
                Duration.ofSeconds(3),
                () -> client.neighbour(VIP)
                        .map(Neighbour::mac)
                        .filter(lb2Mac::equals)
                        .isPresent());
        resolveFromClient();
        assertEquals(Optional.of(lb2Mac), client.neighbour(VIP).map(Neighbour::mac), "client's ARP entry: lb2");

        // a killed daemon cannot clean up: its VIP stays until the supervisor runs --release
        assertTrue(one.holds(VIP), "the crashed master still holds the VIP");
        ExecResult rel = one.release();
        assertEquals(0, rel.exitCode(), rel.toString());
        assertTrue(rel.stdout().contains("VI_1: removed " + VIP + "/24"), rel.stdout());
        assertExactlyOneHolder(lb2);
        ExecResult again = one.release();
        assertEquals(0, again.exitCode(), again.toString());
        assertTrue(again.stdout().contains("0 virtual address(es) removed"), again.stdout());
    }

    @Test
    void sigtermOfMasterHandsOverAfterSkewTimeAndRemovesItsVip() {
        VrrpNode one = node(lb1, plain("MASTER", 101));
        VrrpNode two = node(lb2, plain("BACKUP", 100));
        startPair(one, two);

        long t0 = System.nanoTime();
        one.signal("TERM");
        double took = secondsUntil(t0, SKEW.plus(SLACK), "VIP on lb2 after SIGTERM", () -> two.holds(VIP));
        assertWithin(took, SKEW.plus(SLACK), "SIGTERM of master -> VIP on backup");
        assertEquals(0, one.process().waitFor(Duration.ofSeconds(10)).orElse(-1), one.output());
        assertFalse(one.holds(VIP), "SIGTERM removes the VIP");
        assertFalse(Files.exists(one.pidfile()), "pid file removed at exit");
        assertTrue(two.output().contains("BACKUP -> MASTER (master sent priority 0"), two.output());
        assertExactlyOneHolder(lb2);
    }

    /**
     * A daemon started with SIGINT and SIGTERM ignored (a background job of a non-interactive shell ignores SIGINT) still
     * stops on each of them, like keepalived: a JVM installs no handler for a signal it inherited ignored unless the
     * disposition is reset first.
     */
    @Test
    void stopsOnSigintAndSigtermEvenWhenStartedWithThemIgnored() {
        for (String sig : List.of("INT", "TERM")) {
            VrrpNode one = node(lb1, plain("MASTER", 101));
            one.startIgnoring("INT", "TERM");
            Wait.until("VIP on lb1", Duration.ofSeconds(10), () -> one.holds(VIP));
            one.signal(sig);
            java.util.OptionalInt code = one.process().waitFor(Duration.ofSeconds(15));
            assertEquals(
                    java.util.OptionalInt.of(0),
                    code,
                    "SIG" + sig + " with INT/TERM ignored at start:\n" + one.output());
            assertTrue(one.output().contains("SIG" + sig + " received: stopping"), one.output());
            assertFalse(one.holds(VIP), "stopping removes the VIP");
        }
    }

    @Test
    void crashLeftoverIsRemovedWhenTheDaemonStartsAgain() {
        VrrpNode one = node(lb1, plain("MASTER", 101));
        VrrpNode two = node(lb2, plain("BACKUP", 100));
        two.start();
        Wait.until("VIP on lb2", Duration.ofSeconds(10), () -> two.holds(VIP));
        lb1.addAddress("eth0", VIP + "/24"); // what a kill -9 of lb1 as master would have left
        one.start();
        assertTrue(one.output().contains("left by a previous run"), one.output());
        // lb1 preempts after Master_Down_Interval: then it holds the VIP alone
        Wait.until("lb1 master again", Duration.ofSeconds(8), () -> one.holds(VIP) && !two.holds(VIP));
        assertExactlyOneHolder(lb1);
    }

    @Test
    void trackedProcessDiesOnMasterVipMovesAndComesBackWithPreempt() throws IOException {
        Path pid1 = dir.resolve("proxy-lb1.pid");
        Path pid2 = dir.resolve("proxy-lb2.pid");
        HostProcess proxy1 = startTracked(lb1, pid1);
        startTracked(lb2, pid2);
        VrrpNode one = node(lb1, trackingProcess(pid1, "MASTER", 101, false));
        VrrpNode two = node(lb2, trackingProcess(pid2, "BACKUP", 100, false));
        startPair(one, two);

        long t0 = System.nanoTime();
        proxy1.kill();
        double took =
                secondsUntil(t0, SKEW.plus(SLACK), "VIP on lb2 after the tracked process died", () -> two.holds(VIP));
        assertWithin(took, SKEW.plus(SLACK), "tracked process killed on master -> VIP on backup");
        assertFalse(one.holds(VIP));
        assertTrue(one.output().contains("MASTER -> FAULT"), one.output());

        long t1 = System.nanoTime();
        startTracked(lb1, pid1);
        double back = secondsUntil(
                t1,
                MASTER_DOWN.plus(Duration.ofSeconds(1)),
                "VIP back on lb1 (preempt)",
                () -> one.holds(VIP) && !two.holds(VIP));
        // leaving FAULT, lb1 is BACKUP, ignores lb2's lower priority and preempts after its own
        // Master_Down_Interval (priority 101), plus the pid-file poll (200 ms)
        assertWithin(
                back,
                Timers.masterDownInterval(101, INTERVAL)
                        .plus(Duration.ofMillis(200))
                        .plus(SLACK),
                "tracked process back -> VIP returns (preempt)");
        assertExactlyOneHolder(lb1);
    }

    @Test
    void trackedProcessDiesWithNopreemptVipMovesAndStays() throws IOException {
        Path pid1 = dir.resolve("proxy-lb1.pid");
        HostProcess proxy1 = startTracked(lb1, pid1);
        // the ECS guide's setup: both BACKUP + nopreempt, different priorities
        VrrpNode one = node(lb1, trackingProcess(pid1, "BACKUP", 101, true));
        VrrpNode two =
                node(lb2, plain("BACKUP", 100).replace("    advert_int 1\n", "    advert_int 1\n    nopreempt\n"));
        startPair(one, two);

        long t0 = System.nanoTime();
        proxy1.kill();
        double took =
                secondsUntil(t0, SKEW.plus(SLACK), "VIP on lb2 after the tracked process died", () -> two.holds(VIP));
        assertWithin(took, SKEW.plus(SLACK), "tracked process killed on master (nopreempt) -> VIP on backup");

        startTracked(lb1, pid1);
        one.process().awaitOutput("FAULT -> BACKUP", Duration.ofSeconds(3));
        // lb1 is back and has the higher priority, but nopreempt: the VIP stays on lb2
        long until = System.nanoTime() + MASTER_DOWN.plusSeconds(1).toNanos();
        while (System.nanoTime() < until) {
            assertExactlyOneHolder(lb2);
            sleep(100);
        }
    }

    @Test
    void sighupWithUnchangedInstanceDoesNotFlapAndABrokenFileIsRefused() throws Exception {
        Prerequisites.assumeCommands("socat");
        VrrpNode one = node(lb1, plain("MASTER", 101));
        VrrpNode two = node(lb2, plain("BACKUP", 100));
        // systemd's side of Type=notify: a datagram socket named by NOTIFY_SOCKET (a path: shared by namespaces)
        Path sock = dir.resolve("notify.sock");
        Path notes = dir.resolve("notify.txt");
        HostProcess systemd = lb1.start(
                List.of("socat", "-u", "UNIX-RECV:" + sock, "OPEN:" + notes + ",creat,append"),
                dir.resolve("socat.log"));
        tracked.add(systemd);
        Wait.until("notify socket", Duration.ofSeconds(5), () -> Files.exists(sock));
        one.start(java.util.Map.of("NOTIFY_SOCKET", sock.toString()));
        Wait.until("VIP on lb1", Duration.ofSeconds(10), () -> one.holds(VIP));
        two.start();
        Wait.until("lb2 hearing lb1", Duration.ofSeconds(15), () -> two.dump().contains("\"master\":\"10.213.0.11\""));
        assertTrue(Files.readString(notes).contains("READY=1"), "sd_notify READY=1 sent");

        AtomicInteger missing = new AtomicInteger();
        AtomicInteger samples = new AtomicInteger();
        Thread watcher = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                if (!one.holds(VIP) || two.holds(VIP)) {
                    missing.incrementAndGet();
                }
                samples.incrementAndGet();
            }
        });
        watcher.start();
        try {
            // same instance, moved down by a comment and a new (unused) script: nothing may flap
            one.writeConfig("! reloaded\nvrrp_script unused {\n    script /bin/true\n}\n" + plain("MASTER", 101));
            assertTrue(one.signal("HUP"));
            one.process().awaitOutput("reload:", Duration.ofSeconds(5));
            sleep(1500);
            one.writeConfig(plain("MASTER", 101).replace("virtual_router_id 51", "virtual_router_id 300"));
            assertTrue(one.signal("HUP"));
            one.process().awaitOutput("reload refused", Duration.ofSeconds(5));
            sleep(2500);
        } finally {
            watcher.interrupt();
            watcher.join();
        }
        assertTrue(samples.get() > 20, "sampled " + samples.get() + " times");
        assertEquals(0, missing.get(), "samples where lb1 lacked the VIP or lb2 had it, of " + samples.get());
        assertTrue(one.output().contains(one.config() + ":"), "the refusal names file:line\n" + one.output());
        assertTrue(one.alive());
        String dump = one.dump();
        assertTrue(dump.contains("\"state\":\"MASTER\""), dump);
        assertTrue(dump.contains("\"reason\":\"master down after"), "state kept from before the reloads: " + dump);
        assertEquals(0, one.terminate(), one.output());
        assertFalse(one.holds(VIP));
        String sd = Files.readString(notes);
        assertTrue(sd.contains("RELOADING=1") && sd.contains("STOPPING=1"), sd);
        assertTrue(sd.contains("MONOTONIC_USEC="), "notify-reload wants the monotonic time: " + sd);
    }

    @Test
    void runsAsNonRootWithOnlyNetRawAndNetAdmin() throws Exception {
        Prerequisites.assumeCommands("setpriv");
        Files.setAttribute(dir, "unix:mode", 0777); // config, log, pid file readable/writable by nobody
        VrrpNode two = node(lb2, plain("BACKUP", 100));
        Files.setAttribute(two.config(), "unix:mode", 0644);
        List<String> cmd = new ArrayList<>(List.of(
                "setpriv",
                "--reuid=65534",
                "--regid=65534",
                "--clear-groups",
                "--inh-caps=-all,+net_raw,+net_admin",
                "--ambient-caps=+net_raw,+net_admin",
                "--"));
        cmd.addAll(VrrpNode.command(
                "-l", "-f", two.config().toString(), "-p", two.pidfile().toString()));
        HostProcess p = lb2.start(cmd, dir.resolve("nonroot.log"));
        try {
            Wait.until("VIP on lb2 from a non-root daemon", Duration.ofSeconds(15), () -> lb2.hasAddress("eth0", VIP));
            String status = Files.readString(Path.of("/proc/" + p.pid() + "/status"));
            assertTrue(status.lines().anyMatch(l -> l.matches("Uid:\\s+65534\\s+65534.*")), status);
            assertTrue(
                    status.lines().anyMatch(l -> l.equals("CapEff:\t0000000000003000")),
                    "only CAP_NET_ADMIN (12) and CAP_NET_RAW (13): " + status);
            p.awaitOutput("BACKUP -> MASTER", Duration.ofSeconds(5));
            p.signal("TERM");
            assertEquals(0, p.waitFor(Duration.ofSeconds(10)).orElse(-1), p.output());
            assertFalse(lb2.hasAddress("eth0", VIP), "VIP removed by the non-root daemon");
            assertFalse(p.output().contains("WARN") || p.output().contains("ERROR"), p.output());
        } finally {
            p.kill();
        }
    }
}

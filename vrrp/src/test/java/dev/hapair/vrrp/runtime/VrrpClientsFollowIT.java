package dev.hapair.vrrp.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hapair.testkit.Host;
import dev.hapair.testkit.HostProcess;
import dev.hapair.testkit.Neighbour;
import dev.hapair.testkit.Prerequisites;
import dev.hapair.testkit.Wait;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The acceptance: a client sends requests to the VIP (a tiny server on each LB answers its own name)
 * while the network misbehaves; within one advert interval after the fault ends the client's neighbour entry
 * for the VIP is the final master's MAC, and no later request fails. Faults: a partition between the two LBs
 * (the client still sees both, so it follows the short-lived second master's GARP), one-way advert loss
 * (lb1 -> lb2 dropped), and a 5 s SIGSTOP of the master's daemon. The partition and the loss are nftables rules
 * on the test's own bridge (namespace hpt*-sw). hapair (lb1, priority 101) is the final master each time; the
 * peer (lb2, 100) is hapair or keepalived 2.2.7, both with {@code higher_prio_send_advert}.
 */
class VrrpClientsFollowIT {
    static final String VIP = "10.213.6.100";
    static final Duration INTERVAL = Duration.ofSeconds(1);
    /** Polling the neighbour table through ip(8) in the namespace, on a loaded 2-core runner. */
    static final Duration SLACK = Duration.ofMillis(250);

    static final Duration FAULT = Duration.ofSeconds(5);
    static final Pattern REQUEST = Pattern.compile("^(\\d+) (\\S+)$", Pattern.MULTILINE);
    static final int METRICS_PORT = 9650;
    static final String LABELS = "{instance=\"VI_1\",vrid=\"61\",interface=\"eth0\"";

    static Segment net;
    static Host lb1;
    static Host lb2;
    static Host client;
    static final List<String> FIGURES = new ArrayList<>();

    @TempDir
    Path dir;

    final Routers routers = new Routers(() -> dir);
    final List<HostProcess> helpers = new ArrayList<>();

    @BeforeAll
    static void network() {
        Prerequisites.assumeCommands("keepalived", "nft", "socat");
        net = Segment.create();
        lb1 = net.add("lb1", "10.213.6.11/24");
        lb2 = net.add("lb2", "10.213.6.12/24");
        client = net.add("cli", "10.213.6.50/24");
    }

    @AfterEach
    void stopAll() {
        helpers.forEach(HostProcess::kill);
        routers.stopAll(VIP + "/24", lb1, lb2);
        healAll();
        for (Host h : new Host[] {lb1, lb2}) {
            if (h != null && holds6(h, "fd00:213:6::100")) {
                h.exec("ip", "-6", "addr", "del", "fd00:213:6::100/64", "dev", "eth0");
            }
        }
    }

    @AfterAll
    static void teardown() {
        FIGURES.forEach(f -> System.out.println("[vrrp clients follow] " + f));
        Segment.close(net);
    }

    // ------------------------------------------------------------------ tests

    @Test
    void partitionHealHapairPeer() throws IOException {
        scenario(Peer.HAPAIR, Fault.PARTITION);
    }

    @Test
    void oneWayAdvertLossHapairPeer() throws IOException {
        scenario(Peer.HAPAIR, Fault.ONE_WAY);
    }

    @Test
    void masterStalledFiveSecondsHapairPeer() throws IOException {
        scenario(Peer.HAPAIR, Fault.STALL);
    }

    @Test
    void partitionHealKeepalivedPeer() throws IOException {
        scenario(Peer.KEEPALIVED, Fault.PARTITION);
    }

    @Test
    void oneWayAdvertLossKeepalivedPeer() throws IOException {
        scenario(Peer.KEEPALIVED, Fault.ONE_WAY);
    }

    @Test
    void masterStalledFiveSecondsKeepalivedPeer() throws IOException {
        scenario(Peer.KEEPALIVED, Fault.STALL);
    }

    @Test
    void shortLivedMasterWhoseAdvertsAllGetLostHapairPeer() throws IOException {
        everyAdvertOfTheSpuriousMasterLost(Peer.HAPAIR);
    }

    @Test
    void shortLivedMasterWhoseAdvertsAllGetLostKeepalivedPeer() throws IOException {
        everyAdvertOfTheSpuriousMasterLost(Peer.KEEPALIVED);
    }

    /**
     * The loss case: lb2 misses lb1's adverts, takes over and announces the VIP, then hears lb1 again and yields,
     * and every advert lb2 sent meanwhile (including the one higher_prio_send_advert sends when yielding) is
     * lost. lb1 hears nothing of the election; only lb2's gratuitous ARPs reach it. A client that sends nothing
     * must end on lb1 all the same: lb1 re-announces because another MAC claimed its VIP. Without that rule the
     * client stays on lb2, which no longer holds the VIP, until its neighbour entry goes stale.
     */
    void everyAdvertOfTheSpuriousMasterLost(Peer peer) throws IOException {
        String what = "every advert of the short-lived master lost, " + peer + " peer";
        helpers.add(server(lb1));
        helpers.add(server(lb2));
        VrrpNode master = ours(lb1, config("lb1", 101, true)).start();
        Wait.until("VIP on lb1", Duration.ofSeconds(15), () -> master.holds(VIP));
        if (peer == Peer.HAPAIR) {
            VrrpNode two = ours(lb2, config("lb2", 100, true)).start();
            Wait.until(
                    "lb2 hears lb1", Duration.ofSeconds(15), () -> two.dump().contains("\"master\":\"10.213.6.11\""));
        } else {
            KeepalivedNode k = routers.keepalived(lb2, config("lb2", 100, false));
            k.start().awaitState("BACKUP", Duration.ofSeconds(10));
        }
        // the client learns the VIP once, then stays silent: only announcements move its neighbour entry
        Wait.until("client answered by lb1", Duration.ofSeconds(10), () -> client.exec(
                        Duration.ofSeconds(5), "bash", "-c", "timeout 2 socat -T1 - TCP:" + VIP + ":8080 </dev/null")
                .stdout()
                .contains("lb1"));
        Wait.until("client's neighbour entry on lb1", Duration.ofSeconds(5), () -> onMaster(lb1));

        dropAdverts(lb2, lb1); // for the whole test: lb1 never hears an advert of lb2's; ARP still passes
        block(false); // lb1 -> lb2: lb2 takes over
        Wait.until("lb2 takes over", FAULT, () -> lb2.hasAddress("eth0", VIP));
        Wait.until("client follows lb2's GARP", Duration.ofSeconds(2), () -> onMaster(lb2));
        heal(); // lb2 hears lb1 at its next advert and yields
        long healed = System.currentTimeMillis();
        Wait.until("lb2 yields", Duration.ofSeconds(5), () -> !lb2.hasAddress("eth0", VIP));
        long fixed = Wait.until(
                        "client's neighbour entry back on lb1 (" + what + ")",
                        Duration.ofSeconds(10),
                        () -> onMaster(lb1) ? Optional.of(System.currentTimeMillis()) : Optional.<Long>empty(),
                        Optional::isPresent)
                .orElseThrow();
        long took = Math.max(0, fixed - healed);
        FIGURES.add(String.format("%s: client's neighbour entry on the master %d ms after lb2 heard lb1", what, took));
        // one advert interval for lb2 to hear lb1 and one for lb1's re-announce delay, plus polling slack
        assertTrue(
                took <= INTERVAL.multipliedBy(2).plus(SLACK).toMillis(),
                what + ": neighbour entry fixed after " + took + " ms\n" + master.output());
        for (int k = 0; k < 30; k++) {
            assertTrue(onMaster(lb1), what + ": the client's entry left lb1 again");
            sleep(Duration.ofMillis(100));
        }
        String metrics = metrics(lb1);
        FIGURES.add(what + ": lb1 metrics " + grep(metrics, "hapair_vrrp_garp_sent_total"));
        assertTrue(
                counter(metrics, "hapair_vrrp_garp_sent_total" + LABELS + ",reason=\"foreign_claim\"}") > 0, metrics);
        assertEquals(
                0,
                counter(metrics, "hapair_vrrp_garp_sent_total" + LABELS + ",reason=\"lower_priority_advert\"}"),
                "lb1 heard none of lb2's adverts: " + metrics);
        assertTrue(
                master.output()
                        .contains("Gratuitous ARP from " + lb2.mac().toLowerCase(java.util.Locale.ROOT) + " claims "
                                + VIP),
                master.output());
        assertEquals(
                List.of("lb1"),
                List.of(lb1, lb2).stream()
                        .filter(h -> h.hasAddress("eth0", VIP))
                        .map(Host::name)
                        .toList());
    }

    /**
     * A real Prometheus (Debian package) in lb1's namespace scrapes lb1's loopback endpoint each second while
     * lb1 takes over from a stopped peer; its query API must show lb1 MASTER and the takeover counted.
     */
    @Test
    void prometheusScrapesTheMetricsThroughAFailover() throws IOException {
        Prerequisites.assumeCommands("prometheus");
        Path promDir = Files.createDirectories(dir.resolve("prometheus"));
        Files.writeString(
                promDir.resolve("prometheus.yml"),
                "global:\n  scrape_interval: 1s\n"
                        + "scrape_configs:\n  - job_name: hapair-vrrp\n    static_configs:\n"
                        + "      - targets: ['127.0.0.1:" + METRICS_PORT + "']\n");
        VrrpNode peer = ours(lb2, config("lb2", 150, true)).start();
        Wait.until("VIP on lb2", Duration.ofSeconds(15), () -> lb2.hasAddress("eth0", VIP));
        VrrpNode node = ours(lb1, config("lb1", 101, true)).start();
        HostProcess prometheus = lb1.start(
                List.of(
                        "prometheus",
                        "--config.file=" + promDir.resolve("prometheus.yml"),
                        "--storage.tsdb.path=" + promDir.resolve("data"),
                        "--web.listen-address=127.0.0.1:9090",
                        "--storage.tsdb.retention.time=1h"),
                promDir.resolve("prometheus.log"));
        helpers.add(prometheus);
        Wait.until("prometheus ready", Duration.ofSeconds(30), () -> lb1.exec(
                        Duration.ofSeconds(5), "curl", "-sf", "http://127.0.0.1:9090/-/ready")
                .ok());
        Wait.until("a scrape of lb1 as BACKUP", Duration.ofSeconds(20), () -> query(
                        "hapair_vrrp_instance_state{state=\"BACKUP\"}")
                .contains("\"1\"]"));
        peer.terminate(); // priority 0: lb1 takes over after its skew time
        Wait.until("VIP on lb1", Duration.ofSeconds(10), () -> node.holds(VIP));
        String answer = Wait.until(
                "the takeover in Prometheus",
                Duration.ofSeconds(20),
                () -> query("hapair_vrrp_transitions_total{to=\"MASTER\"}"),
                a -> a.contains("\"1\"]"));
        assertTrue(answer.contains("\"cause\":\"priority_zero\""), answer);
        assertTrue(query("hapair_vrrp_instance_state{state=\"MASTER\"}").contains("\"1\"]"));
        assertTrue(query("up{job=\"hapair-vrrp\"}").contains("\"1\"]"));
        FIGURES.add("prometheus: " + answer);
        prometheus.stop();
    }

    /**
     * An IPv6 address in virtual_ipaddress_excluded follows the VIP: added without DAD on the new master and
     * announced by unsolicited NA, so the client's IPv6 neighbour entry moves without any traffic of its own.
     */
    @Test
    void ipv6ExcludedAddressMovesTheClientsNeighbourEntryByUnsolicitedNa() throws IOException {
        String vip6 = "fd00:213:6::100";
        String extra = "    virtual_ipaddress_excluded {\n        " + vip6 + "/64 dev eth0\n    }\n";
        client.exec("ip", "-6", "addr", "replace", "fd00:213:6::50/64", "dev", "eth0", "nodad")
                .orThrow();
        VrrpNode one = ours(lb1, config("lb1", 101, true).replace("    higher_prio_send_advert\n", extra))
                .start();
        Wait.until("IPv6 VIP on lb1", Duration.ofSeconds(15), () -> holds6(lb1, vip6));
        ours(lb2, config("lb2", 100, true).replace("    higher_prio_send_advert\n", extra))
                .start();
        sleep(Duration.ofSeconds(2));
        assertTrue(!holds6(lb2, vip6), "only the master holds it");
        String addr = lb1.exec("ip", "-j", "-6", "addr", "show", "dev", "eth0")
                .orThrow()
                .stdout();
        assertTrue(addr.contains("\"nodad\":true") && !addr.contains("\"tentative\":true"), addr);
        Wait.until("client reaches the IPv6 VIP", Duration.ofSeconds(10), () -> reaches6(vip6));
        assertEquals(Optional.of(lb1.mac()), client.neighbour(vip6).map(Neighbour::mac));
        long t0 = System.nanoTime();
        assertEquals(0, one.terminate(), "SIGTERM: priority 0, lb2 takes over after its skew time");
        Wait.until("IPv6 VIP on lb2", Duration.ofSeconds(5), () -> holds6(lb2, vip6));
        Wait.until(
                "client's IPv6 neighbour entry on lb2 by NA alone", Duration.ofSeconds(3), () -> client.neighbour(vip6)
                        .map(Neighbour::mac)
                        .filter(lb2.mac()::equalsIgnoreCase)
                        .isPresent());
        FIGURES.add(String.format(
                "IPv6: client's neighbour entry for %s on the new master %d ms after SIGTERM",
                vip6, (System.nanoTime() - t0) / 1_000_000));
        assertTrue(!holds6(lb1, vip6), "the stopped master released it");
        String m = metrics(lb2);
        assertTrue(counter(m, "hapair_vrrp_na_sent_total" + LABELS + ",reason=\"became_master\"}") >= 1, m);
        assertTrue(reaches6(vip6), "the new master answers");
    }

    /** A TCP connection to a closed port of {@code vip6}: "Connection refused" means its holder answered. */
    static boolean reaches6(String vip6) {
        return client.exec(
                        Duration.ofSeconds(5),
                        "timeout",
                        "3",
                        "socat",
                        "-T1",
                        "-",
                        "TCP6:[" + vip6 + "]:9,connect-timeout=1")
                .stderr()
                .contains("Connection refused");
    }

    static boolean holds6(Host h, String address) {
        return h.exec("ip", "-6", "addr", "show", "dev", "eth0")
                .orThrow()
                .stdout()
                .contains(address + "/");
    }

    /** An instant query against the Prometheus in lb1's namespace; the JSON answer. */
    static String query(String promql) {
        return lb1.exec(
                        Duration.ofSeconds(5),
                        "curl",
                        "-sf",
                        "-G",
                        "http://127.0.0.1:9090/api/v1/query",
                        "--data-urlencode",
                        "query=" + promql)
                .stdout();
    }

    enum Peer {
        HAPAIR,
        KEEPALIVED
    }

    enum Fault {
        PARTITION,
        ONE_WAY,
        STALL
    }

    void scenario(Peer peer, Fault fault) throws IOException {
        String what = fault + " with " + peer + " peer";
        helpers.add(server(lb1));
        helpers.add(server(lb2));
        VrrpNode master = ours(lb1, config("lb1", 101, true)).start();
        Wait.until("VIP on lb1", Duration.ofSeconds(15), () -> master.holds(VIP));
        if (peer == Peer.HAPAIR) {
            ours(lb2, config("lb2", 100, true)).start();
        } else {
            KeepalivedNode k = routers.keepalived(lb2, config("lb2", 100, false));
            k.start().awaitState("BACKUP", Duration.ofSeconds(10));
        }
        Duration clientRun = FAULT.plus(Duration.ofSeconds(14));
        HostProcess requests =
                client.start(List.of("bash", "-c", clientLoop(clientRun.toMillis())), dir.resolve("client.log"));
        helpers.add(requests);
        Wait.until("client answered by lb1", Duration.ofSeconds(10), () -> requests.output()
                .contains(" lb1\n"));
        Wait.until("client's neighbour entry on lb1", Duration.ofSeconds(5), () -> onMaster(lb1));
        sleep(Duration.ofSeconds(2));

        long end;
        switch (fault) {
            case PARTITION -> {
                block(true);
                Wait.until("lb2 takes over during the partition", FAULT, () -> lb2.hasAddress("eth0", VIP));
                Wait.until("client follows lb2's GARP", Duration.ofSeconds(2), () -> onMaster(lb2));
                sleep(Duration.ofSeconds(2));
                heal();
                end = System.currentTimeMillis();
            }
            case ONE_WAY -> {
                block(false);
                Wait.until("lb2 takes over without hearing lb1", FAULT, () -> lb2.hasAddress("eth0", VIP));
                sleep(Duration.ofSeconds(2));
                heal();
                end = System.currentTimeMillis();
            }
            case STALL -> {
                assertTrue(master.signal("STOP"));
                long stoppedAt = System.currentTimeMillis();
                Wait.until("lb2 takes over while lb1 is stopped", FAULT, () -> lb2.hasAddress("eth0", VIP));
                Wait.until("client follows lb2's GARP", Duration.ofSeconds(2), () -> onMaster(lb2));
                sleep(Duration.ofMillis(Math.max(0, stoppedAt + FAULT.toMillis() - System.currentTimeMillis())));
                assertTrue(master.signal("CONT"));
                end = System.currentTimeMillis();
            }
            default -> throw new IllegalStateException();
        }
        long fixed = Wait.until(
                        "client's neighbour entry back on lb1 (" + what + ")",
                        Duration.ofSeconds(10),
                        () -> onMaster(lb1) ? Optional.of(System.currentTimeMillis()) : Optional.<Long>empty(),
                        Optional::isPresent)
                .orElseThrow();
        long took = fixed - end;
        FIGURES.add(
                String.format("%s: client's neighbour entry on the master %d ms after the fault ended", what, took));
        Wait.until("lb2 back to backup (" + what + ")", Duration.ofSeconds(5), () -> !lb2.hasAddress("eth0", VIP));
        requests.waitFor(clientRun.plus(Duration.ofSeconds(10)));
        String log = requests.output();
        assertTrue(
                took <= INTERVAL.plus(SLACK).toMillis(),
                what + ": neighbour entry fixed after " + took + " ms\n" + master.output());
        long cutoff = end + INTERVAL.plus(SLACK).toMillis();
        int after = 0;
        int failedBefore = 0;
        Matcher m = REQUEST.matcher(log);
        while (m.find()) {
            long at = Long.parseLong(m.group(1));
            if (at >= cutoff) {
                after++;
                assertEquals("lb1", m.group(2), what + ": request at +" + (at - end) + " ms after the fault\n" + log);
            } else if (at >= end - FAULT.toMillis() && !m.group(2).equals("lb1")) {
                failedBefore++;
            }
        }
        assertTrue(after >= 10, what + ": only " + after + " requests after the fault\n" + log);
        FIGURES.add(String.format(
                "%s: %d requests after, all answered by lb1; %d answered by lb2 or failed" + " during it",
                what, after, failedBefore));
        assertTrue(master.alive(), master.output());
        String dump = master.dump();
        double gcPause = number(dump, "worst_gc_pause_seconds");
        double lateness = number(dump, "worst_timer_lateness_seconds");
        FIGURES.add(String.format(
                "%s: lb1 worst GC pause %.3f s (%s collections), worst timer lateness %.3f s",
                what, gcPause, (long) number(dump, "gc_collections"), lateness));
        // The pause is wall-clock time, so a starved host (a loaded CI runner) stretches it: 0.253 s was seen for
        // one young collection at load 20. What matters for VRRP is that no pause costs an advert interval.
        assertTrue(gcPause < INTERVAL.toMillis() / 1000.0, "GC pause " + gcPause + " s\n" + dump);
        if (fault == Fault.STALL) {
            assertTrue(lateness >= FAULT.toMillis() / 2000.0, "the stall shows as timer lateness\n" + dump);
        }
        String metrics = metrics(lb1);
        FIGURES.add(what + ": lb1 metrics " + grep(metrics, "hapair_vrrp_garp_sent_total") + " "
                + grep(metrics, "hapair_vrrp_transitions_total"));
        assertTrue(metrics.contains("hapair_vrrp_instance_state" + LABELS + ",state=\"MASTER\"} 1\n"), metrics);
        assertTrue(
                counter(
                                metrics,
                                "hapair_vrrp_garp_sent_total" + LABELS + ",reason=\""
                                        + (fault == Fault.STALL ? "stall" : "lower_priority_advert") + "\"}")
                        > 0,
                metrics);
        if (peer == Peer.HAPAIR) {
            String peerMetrics = metrics(lb2);
            FIGURES.add(what + ": lb2 metrics " + grep(peerMetrics, "hapair_vrrp_transitions_total"));
            assertTrue(
                    counter(
                                    peerMetrics,
                                    "hapair_vrrp_transitions_total" + LABELS + ",to=\"MASTER\",cause=\"master_down\"}")
                            >= 1,
                    peerMetrics);
            assertTrue(
                    counter(
                                    peerMetrics,
                                    "hapair_vrrp_transitions_total" + LABELS
                                            + ",to=\"BACKUP\",cause=\"higher_priority\"}")
                            >= 1,
                    peerMetrics);
            assertTrue(
                    peerMetrics.contains("hapair_vrrp_instance_state" + LABELS + ",state=\"BACKUP\"} 1\n"),
                    peerMetrics);
        }
        if (fault == Fault.STALL) {
            assertTrue(master.output().contains("A thread timer expired"), master.output());
        } else if (fault == Fault.ONE_WAY) {
            assertTrue(
                    master.output().contains("with lower priority 100, ours 101, forcing new election"),
                    master.output());
        }
    }

    // ------------------------------------------------------------------ helpers

    /** {@code metrics}: hapair only (metrics_listen is not a keepalived keyword). */
    static String config(String routerId, int priority, boolean metrics) {
        return "global_defs {\n    router_id " + routerId + "\n    vrrp_version 3\n"
                + (metrics ? "    metrics_listen " + METRICS_PORT + "\n" : "") + "}\n"
                + "vrrp_instance VI_1 {\n"
                + "    state BACKUP\n"
                + "    interface eth0\n"
                + "    virtual_router_id 61\n"
                + "    priority " + priority + "\n"
                + "    advert_int " + INTERVAL.toMillis() / 1000.0 + "\n"
                + "    higher_prio_send_advert\n"
                + "    virtual_ipaddress {\n        " + VIP + "/24 dev eth0\n    }\n"
                + "}\n";
    }

    VrrpNode ours(Host h, String config) throws IOException {
        return routers.ours(h, h.name(), config);
    }

    /** A server answering every connection on port 8080 (any address, so the VIP too) with the host's name. */
    static HostProcess server(Host h) {
        return h.start("socat", "TCP-LISTEN:8080,reuseaddr,fork", "SYSTEM:echo " + h.name());
    }

    /**
     * One request at a time for {@code millis}: "EPOCH_MS ANSWER" per line, FAIL when none came within 1 s. A
     * request sent to a host that no longer holds the VIP is never answered (its SYN is dropped), so it fails
     * whatever the timeout; 1 s keeps a loaded 2-core runner's process start-up from counting as a failure.
     */
    static String clientLoop(long millis) {
        return "end=$(( $(date +%s%3N) + " + millis + " ))\n"
                + "while [ \"$(date +%s%3N)\" -lt \"$end\" ]; do\n"
                + "  t=$(date +%s%3N)\n"
                + "  r=$(timeout 1 socat -T1 - TCP:" + VIP + ":8080,connect-timeout=1 </dev/null 2>/dev/null)\n"
                + "  echo \"$t ${r:-FAIL}\"\n"
                + "  sleep 0.05\n"
                + "done\n";
    }

    static double number(String json, String key) {
        Matcher m = Pattern.compile("\"" + key + "\":([0-9.]+)").matcher(json);
        assertTrue(m.find(), key + " in " + json);
        return Double.parseDouble(m.group(1));
    }

    /** curl of the loopback metrics endpoint inside the host's namespace. */
    static String metrics(Host h) {
        return h.exec(Duration.ofSeconds(10), "curl", "-sf", "http://127.0.0.1:" + METRICS_PORT + "/metrics")
                .orThrow()
                .stdout();
    }

    static long counter(String metrics, String series) {
        Matcher m = Pattern.compile("^" + Pattern.quote(series) + " ([0-9]+)$", Pattern.MULTILINE)
                .matcher(metrics);
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }

    static String grep(String metrics, String name) {
        return metrics.lines()
                .filter(l -> l.startsWith(name + "{") && !l.endsWith(" 0"))
                .map(l -> l.substring(name.length()).replace(LABELS + ",", "{"))
                .toList()
                .toString();
    }

    static boolean onMaster(Host h) {
        return client.neighbour(VIP)
                .map(Neighbour::mac)
                .filter(h.mac()::equalsIgnoreCase)
                .isPresent();
    }

    /** Drops lb1 -> lb2 frames on the bridge, and lb2 -> lb1 too when {@code bothWays}. */
    static void block(boolean bothWays) {
        String p1 = lb1.bridgePort("eth0");
        String p2 = lb2.bridgePort("eth0");
        StringBuilder rules = new StringBuilder("table bridge hapair_fault {\n  chain cut_lbs {\n"
                + "    type filter hook forward priority 0; policy accept;\n"
                + "    iifname \"" + p1 + "\" oifname \"" + p2 + "\" drop\n");
        if (bothWays) {
            rules.append("    iifname \"" + p2 + "\" oifname \"" + p1 + "\" drop\n");
        }
        rules.append("  }\n}\n");
        net.switchExec("sh", "-c", "printf '%s' '" + rules + "' | nft -f -").orThrow();
    }

    static void heal() {
        if (net != null) {
            net.switchExec("sh", "-c", "nft delete table bridge hapair_fault 2>/dev/null || true");
        }
    }

    /** Drops VRRP (IP protocol 112) from {@code from} to {@code to} on the bridge until {@link #healAll}. */
    static void dropAdverts(Host from, Host to) {
        String rules = "table bridge hapair_adverts {\n  chain drop_adverts {\n"
                + "    type filter hook forward priority 0; policy accept;\n"
                + "    iifname \"" + from.bridgePort("eth0") + "\" oifname \"" + to.bridgePort("eth0")
                + "\" ip protocol 112 drop\n  }\n}\n";
        net.switchExec("sh", "-c", "printf '%s' '" + rules + "' | nft -f -").orThrow();
    }

    static void healAll() {
        heal();
        if (net != null) {
            net.switchExec("sh", "-c", "nft delete table bridge hapair_adverts 2>/dev/null || true");
        }
    }

    static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}

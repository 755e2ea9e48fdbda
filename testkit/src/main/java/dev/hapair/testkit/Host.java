package dev.hapair.testkit;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * One simulated machine: a network namespace with loopback up and one interface per segment it is attached
 * to ({@code eth0}, {@code eth1}, ... — the host-side names are plain because they live only inside the
 * namespace). Create hosts with {@link Topology#addHost}.
 */
public final class Host {
    private final Topology topology;
    private final String name;
    private final String namespace;
    private final Map<String, Attachment> interfaces = new LinkedHashMap<>();
    private final List<HostProcess> processes = new CopyOnWriteArrayList<>();

    private record Attachment(String ifname, Segment segment, String bridgePort, List<String> cidrs) {}

    Host(Topology topology, String name) {
        this.topology = topology;
        this.name = name;
        this.namespace = RunNames.namespace(topology.runId(), name);
    }

    public String name() {
        return name;
    }

    /** The network namespace name, e.g. {@code hptk3x9-lb1} (usable with {@code ip netns exec}). */
    public String namespace() {
        return namespace;
    }

    // ---- wiring --------------------------------------------------------------------------------------

    /**
     * Connects this host to {@code segment} with a new veth pair created directly inside the two namespaces
     * (it never exists in the root namespace) and assigns {@code cidrs}. Returns the host-side name.
     */
    public synchronized String attach(Segment segment, String... cidrs) {
        int index = interfaces.size();
        String ifname = RunNames.hostInterface(index);
        String port = RunNames.bridgePort(topology.runId(), name, index);
        String sw = topology.switchNamespace();
        Commands.check(
                "ip", "link", "add", ifname, "netns", namespace, "type", "veth", "peer", "name", port, "netns", sw);
        Commands.check("ip", "-n", sw, "link", "set", port, "master", segment.bridge(), "up");
        for (String cidr : cidrs) {
            Commands.check("ip", "-n", namespace, "addr", "add", cidr, "dev", ifname);
        }
        Commands.check("ip", "-n", namespace, "link", "set", ifname, "up");
        interfaces.put(ifname, new Attachment(ifname, segment, port, List.of(cidrs)));
        return ifname;
    }

    /** Host-side interface names in attach order. */
    public synchronized List<String> interfaceNames() {
        return List.copyOf(interfaces.keySet());
    }

    /** The segment {@code ifname} is attached to. */
    public synchronized Segment segmentOf(String ifname) {
        return attachment(ifname).segment();
    }

    /** The bridge-side veth end of {@code ifname} (it lives in the switch namespace). */
    public synchronized String bridgePort(String ifname) {
        return attachment(ifname).bridgePort();
    }

    /** The first address given for {@code eth0}, without prefix, e.g. {@code 10.213.1.11}. */
    public synchronized String ip() {
        return ip(RunNames.hostInterface(0));
    }

    /** The first address given for {@code ifname} at attach time, without prefix. */
    public synchronized String ip(String ifname) {
        List<String> cidrs = attachment(ifname).cidrs();
        if (cidrs.isEmpty()) {
            throw new IllegalStateException(name + ":" + ifname + " has no configured address");
        }
        String c = cidrs.get(0);
        int slash = c.indexOf('/');
        return slash < 0 ? c : c.substring(0, slash);
    }

    private Attachment attachment(String ifname) {
        Attachment a = interfaces.get(ifname);
        if (a == null) {
            throw new IllegalArgumentException(
                    "host " + name + " has no interface " + ifname + " (has " + interfaces.keySet() + ")");
        }
        return a;
    }

    // ---- commands and processes ----------------------------------------------------------------------

    /** Runs {@code argv} inside this host and waits (30 s timeout) for its exit code and output. */
    public ExecResult exec(String... argv) {
        return exec(Commands.DEFAULT_TIMEOUT, argv);
    }

    public ExecResult exec(Duration timeout, String... argv) {
        return exec(Arrays.asList(argv), timeout);
    }

    public ExecResult exec(List<String> argv, Duration timeout) {
        return Commands.run(inNamespace(argv), timeout);
    }

    /** Runs {@code script} with {@code sh -c} inside this host. */
    public ExecResult sh(String script) {
        return exec("sh", "-c", script);
    }

    /** Starts a long-running command inside this host; output goes to a temp file. Stopped on close. */
    public HostProcess start(String... argv) {
        return start(Arrays.asList(argv));
    }

    public HostProcess start(List<String> argv) {
        return start(argv, HostProcess.tempLog(namespace));
    }

    /** Starts a long-running command inside this host, stdout and stderr appended to {@code logFile}. */
    public HostProcess start(List<String> argv, Path logFile) {
        HostProcess hp = HostProcess.launch(name, namespace, argv, logFile);
        processes.add(hp);
        return hp;
    }

    /** Processes started through {@link #start} (running or not). */
    public List<HostProcess> processes() {
        return List.copyOf(processes);
    }

    /** Whether a TCP connection to {@code ip:port} from this host succeeds within {@code timeout}. */
    public boolean tcpConnects(String ip, int port, Duration timeout) {
        String secs = String.format(java.util.Locale.ROOT, "%.3f", Math.max(1, timeout.toMillis()) / 1000.0);
        ExecResult r =
                exec(timeout.plusSeconds(5), "timeout", secs, "bash", "-c", "exec 3<>/dev/tcp/" + ip + "/" + port);
        return r.ok();
    }

    private List<String> inNamespace(List<String> argv) {
        if (argv.isEmpty()) {
            throw new IllegalArgumentException("empty command");
        }
        List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", namespace));
        full.addAll(argv);
        return full;
    }

    /** Sets a sysctl inside this host, e.g. {@code sysctl("net.ipv4.ip_nonlocal_bind", "1")}. */
    public void sysctl(String key, String value) {
        exec("sysctl", "-q", "-w", key + "=" + value).orThrow();
    }

    // ---- inspection ---------------------------------------------------------------------------------

    /** All addresses on all interfaces (including loopback). */
    public List<InterfaceAddress> addresses() {
        return IpJson.addresses(
                Commands.check("ip", "-n", namespace, "-j", "addr").stdout());
    }

    /** Addresses on {@code ifname} as the kernel reports them now (VIPs added by a daemon included). */
    public List<InterfaceAddress> addresses(String ifname) {
        return IpJson.addresses(Commands.check("ip", "-n", namespace, "-j", "addr", "show", "dev", ifname)
                .stdout());
    }

    /** Whether {@code address} (no prefix) is currently on {@code ifname}. */
    public boolean hasAddress(String ifname, String address) {
        return addresses(ifname).stream().anyMatch(a -> a.address().equals(address));
    }

    public void addAddress(String ifname, String cidr) {
        Commands.check("ip", "-n", namespace, "addr", "add", cidr, "dev", ifname);
    }

    public void removeAddress(String ifname, String cidr) {
        Commands.check("ip", "-n", namespace, "addr", "del", cidr, "dev", ifname);
    }

    /** The neighbour (ARP) table. */
    public List<Neighbour> neighbours() {
        return IpJson.neighbours(
                Commands.check("ip", "-n", namespace, "-j", "neigh").stdout());
    }

    /** The neighbour entry for {@code ip}, if any. */
    public Optional<Neighbour> neighbour(String ip) {
        return neighbours().stream().filter(n -> ip.equals(n.address())).findFirst();
    }

    /** MAC of {@code eth0}, lower case. */
    public String mac() {
        return mac(RunNames.hostInterface(0));
    }

    public String mac(String ifname) {
        String json = Commands.check("ip", "-n", namespace, "-j", "link", "show", "dev", ifname)
                .stdout();
        return IpJson.mac(json, ifname).orElseThrow(() -> new IllegalStateException("no MAC for " + ifname));
    }

    /** operstate of {@code ifname} as seen inside the host: UP, DOWN, LOWERLAYERDOWN, ... */
    public String operState(String ifname) {
        String json = Commands.check("ip", "-n", namespace, "-j", "link", "show", "dev", ifname)
                .stdout();
        return IpJson.operState(json, ifname).orElse("UNKNOWN");
    }

    /**
     * Whether {@code ifname} has carrier (flag LOWER_UP), i.e. its peer on the bridge side is up. Prefer this
     * to {@link #operState}: a veth without carrier reports DOWN or LOWERLAYERDOWN depending on ifindexes.
     */
    public boolean hasCarrier(String ifname) {
        String json = Commands.check("ip", "-n", namespace, "-j", "link", "show", "dev", ifname)
                .stdout();
        return IpJson.flags(json, ifname).contains("LOWER_UP");
    }

    // ---- link faults --------------------------------------------------------------------------------

    /** Cuts {@code eth0} off its segment by taking the bridge-side end down (host sees carrier loss). */
    public void cutLink() {
        cutLink(RunNames.hostInterface(0), CutMode.CARRIER_DOWN);
    }

    public void cutLink(String ifname) {
        cutLink(ifname, CutMode.CARRIER_DOWN);
    }

    public synchronized void cutLink(String ifname, CutMode mode) {
        Attachment a = attachment(ifname);
        String sw = topology.switchNamespace();
        switch (mode) {
            case CARRIER_DOWN -> Commands.check("ip", "-n", sw, "link", "set", a.bridgePort(), "down");
            case DETACH -> Commands.check("ip", "-n", sw, "link", "set", a.bridgePort(), "nomaster");
            default -> throw new IllegalArgumentException(String.valueOf(mode));
        }
    }

    /** Undoes any cut on {@code eth0}. */
    public void restoreLink() {
        restoreLink(RunNames.hostInterface(0));
    }

    /** Undoes either kind of cut on {@code ifname}: re-attaches the bridge-side end and sets it up. */
    public synchronized void restoreLink(String ifname) {
        Attachment a = attachment(ifname);
        Commands.check(
                "ip",
                "-n",
                topology.switchNamespace(),
                "link",
                "set",
                a.bridgePort(),
                "master",
                a.segment().bridge(),
                "up");
    }

    // ---- teardown -----------------------------------------------------------------------------------

    /** Stops processes started through the kit, then kills anything else left in the namespace. */
    void stopAll() {
        for (HostProcess p : processes) {
            try {
                p.stop(Duration.ofSeconds(2));
            } catch (RuntimeException e) {
                // keep tearing down
            }
        }
        Netns.killAll(namespace);
    }

    @Override
    public String toString() {
        return name + "(" + namespace + ")";
    }
}

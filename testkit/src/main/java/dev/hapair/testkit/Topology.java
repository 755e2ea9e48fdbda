package dev.hapair.testkit;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A private network for one test: hosts (network namespaces) attached to segments (Linux bridges), all
 * bridges living in one extra "switch" namespace of their own, so nothing is ever created in — or attached
 * to — the root namespace. Everything is torn down by {@link #close()}, by a JVM shutdown hook if the test
 * never got to close it, and by the sweep at the next {@link #create()} if the JVM was killed.
 *
 * <pre>{@code
 * Prerequisites.assumeNamespaces();
 * try (Topology net = Topology.create()) {
 *     Host lb1 = net.addHost("lb1", "10.213.1.11/24");
 *     Host lb2 = net.addHost("lb2", "10.213.1.12/24");
 *     HostProcess srv = lb2.start("socat", "TCP-LISTEN:8080,fork,reuseaddr", "EXEC:cat");
 *     Wait.until("listener", Duration.ofSeconds(5), () -> lb1.tcpConnects(lb2.ip(), 8080, Duration.ofSeconds(1)));
 *     lb2.cutLink();
 * }
 * }</pre>
 */
public final class Topology implements AutoCloseable {
    /** Segment {@link #addHost(String, String...)} attaches to. */
    public static final String DEFAULT_SEGMENT = "lan";

    private static final Set<Topology> OPEN = ConcurrentHashMap.newKeySet();
    private static volatile boolean hookInstalled;

    private final String runId;
    private final RunRegistry registry;
    private final String switchNamespace;
    private final Map<String, Segment> segments = new LinkedHashMap<>();
    private final Map<String, Host> hosts = new LinkedHashMap<>();
    private final List<String> namespaces = new ArrayList<>();
    private final List<HostProcess> switchProcesses = new java.util.concurrent.CopyOnWriteArrayList<>();
    private boolean closed;

    private Topology(String runId, RunRegistry registry) {
        this.runId = runId;
        this.registry = registry;
        this.switchNamespace = RunNames.switchNamespace(runId);
    }

    /** Sweeps leftovers of dead runs, claims a fresh run id and creates the switch namespace. */
    public static Topology create() {
        RunRegistry registry = RunRegistry.standard();
        new Sweeper(registry).sweepDead();
        for (int attempt = 0; attempt < 50; attempt++) {
            String id = RunNames.randomRunId();
            if (!registry.claim(id)) {
                continue;
            }
            if (Netns.list().stream()
                    .anyMatch(ns -> RunNames.runIdOf(ns).filter(id::equals).isPresent())) {
                continue; // namespaces of that id exist (manual run without owner file?): leave the claim, pick another
            }
            Topology t = new Topology(id, registry);
            t.register();
            try {
                t.createNamespace(t.switchNamespace);
            } catch (RuntimeException e) {
                t.close();
                throw e;
            }
            return t;
        }
        throw new IllegalStateException("could not claim a free run id in " + registry.dir());
    }

    /** The 4-character run id, e.g. {@code k3x9}; every namespace of this run starts with {@code hpt<id>-}. */
    public String runId() {
        return runId;
    }

    /** Namespace holding the bridges, {@code hpt<id>-sw}. */
    public String switchNamespace() {
        return switchNamespace;
    }

    /** Adds a segment (a bridge in the switch namespace). */
    public synchronized Segment addSegment(String name) {
        ensureOpen();
        RunNames.requireSegmentName(name);
        if (segments.containsKey(name)) {
            throw new IllegalArgumentException("segment exists: " + name);
        }
        String bridge = RunNames.bridge(name);
        // STP off and forward delay 0: ports forward at once; snooping off so multicast (VRRP) always floods
        Commands.check(
                "ip",
                "-n",
                switchNamespace,
                "link",
                "add",
                bridge,
                "type",
                "bridge",
                "stp_state",
                "0",
                "forward_delay",
                "0",
                "mcast_snooping",
                "0");
        Commands.check("ip", "-n", switchNamespace, "link", "set", bridge, "up");
        Segment s = new Segment(name, bridge);
        segments.put(name, s);
        return s;
    }

    /** The segment called {@code name}, created on first use. */
    public synchronized Segment segment(String name) {
        Segment s = segments.get(name);
        return s != null ? s : addSegment(name);
    }

    /** Adds a host with no interfaces yet (only loopback); wire it with {@link Host#attach}. */
    public synchronized Host addHost(String name) {
        ensureOpen();
        RunNames.requireHostName(name);
        if (hosts.containsKey(name)) {
            throw new IllegalArgumentException("host exists: " + name);
        }
        Host h = new Host(this, name);
        hosts.put(name, h);
        createNamespace(h.namespace());
        return h;
    }

    /** Adds a host whose {@code eth0} is on the {@value #DEFAULT_SEGMENT} segment with {@code cidrs}. */
    public synchronized Host addHost(String name, String... cidrs) {
        Host h = addHost(name);
        h.attach(segment(DEFAULT_SEGMENT), cidrs);
        return h;
    }

    public synchronized Host host(String name) {
        Host h = hosts.get(name);
        if (h == null) {
            throw new IllegalArgumentException("no host " + name + " (have " + hosts.keySet() + ")");
        }
        return h;
    }

    public synchronized List<Host> hosts() {
        return List.copyOf(hosts.values());
    }

    /** Runs a command inside the switch namespace (e.g. {@code bridge fdb}); for diagnostics. */
    public ExecResult switchExec(String... argv) {
        List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", switchNamespace));
        full.addAll(List.of(argv));
        return Commands.run(full, Commands.DEFAULT_TIMEOUT);
    }

    /**
     * Starts a long-running command in the switch namespace, e.g. {@code tcpdump -i br-lan -w file} to see
     * every frame on a segment. Stopped on close.
     */
    public HostProcess switchStart(List<String> argv, java.nio.file.Path logFile) {
        ensureOpen();
        HostProcess p = HostProcess.launch(RunNames.SWITCH_HOST, switchNamespace, argv, logFile);
        switchProcesses.add(p);
        return p;
    }

    public HostProcess switchStart(String... argv) {
        return switchStart(List.of(argv), HostProcess.tempLog(switchNamespace));
    }

    /**
     * What of this run still exists: namespaces named {@code hpt<id>-*} and root-namespace links whose name
     * carries the run id. Empty after a successful {@link #close()}.
     */
    public List<String> leftovers() {
        return leftovers(runId);
    }

    public static List<String> leftovers(String runId) {
        List<String> found = new ArrayList<>();
        for (String ns : Netns.list()) {
            if (RunNames.runIdOf(ns).filter(runId::equals).isPresent()) {
                found.add("netns " + ns);
            }
        }
        for (String link : IpJson.linkNames(Commands.check("ip", "-j", "link").stdout())) {
            if (link.contains(runId)) {
                found.add("link " + link);
            }
        }
        return found;
    }

    /** Stops every process started through the kit, kills what else runs inside, deletes all namespaces. */
    @Override
    public void close() {
        List<Host> toStop;
        List<String> toDelete;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            toStop = new ArrayList<>(hosts.values());
            toDelete = new ArrayList<>(namespaces);
        }
        try {
            for (Host h : toStop) {
                h.stopAll();
            }
            for (HostProcess p : switchProcesses) {
                try {
                    p.stop(java.time.Duration.ofSeconds(2));
                } catch (RuntimeException e) {
                    // keep tearing down
                }
            }
            Netns.killAll(switchNamespace);
            // hosts first: deleting a host namespace destroys its veths, then the switch namespace and bridges
            Sweeper.removeRun(toDelete);
        } finally {
            if (Netns.list().stream()
                    .noneMatch(ns -> RunNames.runIdOf(ns).filter(runId::equals).isPresent())) {
                registry.release(runId);
            }
            OPEN.remove(this);
        }
    }

    private void createNamespace(String ns) {
        Netns.add(ns);
        namespaces.add(ns);
        Commands.check("ip", "-n", ns, "link", "set", "lo", "up");
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("topology " + runId + " is closed");
        }
    }

    private void register() {
        OPEN.add(this);
        if (!hookInstalled) {
            synchronized (Topology.class) {
                if (!hookInstalled) {
                    Runtime.getRuntime().addShutdownHook(new Thread(Topology::closeAllOpen, "hapair-testkit-cleanup"));
                    hookInstalled = true;
                }
            }
        }
    }

    private static void closeAllOpen() {
        for (Topology t : List.copyOf(OPEN)) {
            try {
                t.close();
            } catch (RuntimeException e) {
                System.err.println("hapair-testkit: cleanup of run " + t.runId + " failed: " + e);
            }
        }
    }

    @Override
    public String toString() {
        return "Topology[" + runId + ", hosts=" + hosts.keySet() + ", segments=" + segments.keySet() + "]";
    }
}

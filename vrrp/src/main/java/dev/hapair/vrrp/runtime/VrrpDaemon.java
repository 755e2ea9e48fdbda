package dev.hapair.vrrp.runtime;

import dev.hapair.common.time.MonotonicClock;
import dev.hapair.vrrp.config.ConfigDiff;
import dev.hapair.vrrp.config.ConfigException;
import dev.hapair.vrrp.config.ConfigResult;
import dev.hapair.vrrp.config.Diagnostic;
import dev.hapair.vrrp.config.KeepalivedConfig;
import dev.hapair.vrrp.config.VrrpInstanceConfig;
import dev.hapair.vrrp.fsm.VrrpEvent;
import dev.hapair.vrrp.os.AddressManager;
import dev.hapair.vrrp.os.IfAddress;
import dev.hapair.vrrp.os.InterfaceInfo;
import dev.hapair.vrrp.os.NativeException;
import dev.hapair.vrrp.os.NetworkOs;
import dev.hapair.vrrp.packet.VrrpCodec;
import dev.hapair.vrrp.track.Tracker;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hapair-vrrp daemon: every vrrp_instance of a keepalived.conf as an {@link InstanceRunner} on one
 * single-threaded {@link DaemonLoop}. Advert receivers, trackers and signals only queue work onto the loop;
 * the loop feeds the state machines (through their sync group when they have one) and carries out their
 * actions.
 *
 * <p>This class owns the lifecycle and reload; the rest has its own owner: {@link ReceiverPool} (advert
 * sockets), {@link TrackerRegistry} (vrrp_script, track_process, track_interface), {@link SyncGroupDispatch}
 * (events through sync groups, group notify), {@link ClaimWatch} (other hosts announcing our addresses) and
 * {@link LeftoverVips} (VIP reconciliation at start).
 *
 * <p>Lifecycle: {@link #start} (reconciles VIPs left by a crashed run, starts trackers and instances),
 * {@link #reload} on SIGHUP (a {@link ConfigDiff}: unchanged instances keep state and VIPs, an invalid file
 * is refused and the running config stays), {@link #stop} (masters send priority 0, every VIP is removed).
 */
public final class VrrpDaemon implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(VrrpDaemon.class);

    private final ConfigSource source;
    private final NetworkOs os;
    private final MonotonicClock clock;
    private final DaemonLoop loop = new DaemonLoop();
    private final VrrpCodec codec = new VrrpCodec();
    private final GarpSender garp;
    private final LoopLateness lateness = new LoopLateness();
    private final Map<String, InstanceRunner> runners = new LinkedHashMap<>();
    private final ReceiverPool receivers;
    /** IPv6 instances waiting for their interface's link-local address (see {@link #awaitLinkLocal}). */
    private final Set<String> awaitingLinkLocal = new HashSet<>();

    private final TrackerRegistry trackers;
    private final SyncGroupDispatch groups;
    private final ClaimWatch claims;
    private final InstanceRunner.Context context;
    private NotifyRunner notifier;
    private KeepalivedConfig config;
    private volatile boolean stopped;
    private MetricsServer metrics;

    public VrrpDaemon(ConfigSource source, NetworkOs os) {
        this(source, os, MonotonicClock.SYSTEM);
    }

    public VrrpDaemon(ConfigSource source, NetworkOs os, MonotonicClock clock) {
        this.source = source;
        this.os = os;
        this.clock = clock;
        this.garp = new GarpSender(os);
        this.receivers = new ReceiverPool(os, codec);
        this.trackers = new TrackerRegistry(os.links(), loop.executor(), clock, this::onTrackerChange);
        this.groups = new SyncGroupDispatch(runners, clock, () -> notifier);
        this.claims = new ClaimWatch(os, loop.executor(), clock, (instance, event) -> {
            if (!stopped) {
                groups.dispatch(instance, event);
            }
        });
        this.context = new InstanceRunner.Context() {
            @Override
            public ScheduledExecutorService loop() {
                return loop.executor();
            }

            @Override
            public MonotonicClock clock() {
                return clock;
            }

            @Override
            public AddressManager addresses() {
                return os.addresses();
            }

            @Override
            public GarpSender garp() {
                return garp;
            }

            @Override
            public NotifyRunner notifier() {
                return notifier;
            }

            @Override
            public VrrpCodec codec() {
                return codec;
            }

            @Override
            public LoopLateness lateness() {
                return lateness;
            }

            @Override
            public void dispatch(String instance, VrrpEvent event) {
                groups.dispatch(instance, event);
            }
        };
    }

    // ------------------------------------------------------------------ lifecycle

    /** Loads the configuration and starts every instance; throws when the configuration has errors. */
    public void start() throws ConfigException {
        ConfigResult result = source.load();
        logDiagnostics(result);
        KeepalivedConfig c = result.orThrow();
        GcPauses.install();
        loop.call(() -> {
            config = c;
            notifier = new NotifyRunner(c.globalDefs().scriptUser());
            LeftoverVips.remove(c, os.addresses());
            trackers.sync(c, Set.of());
            for (VrrpInstanceConfig i : c.instances()) {
                startInstance(i);
            }
            groups.rebuild(c);
            for (InstanceRunner r : List.copyOf(runners.values())) {
                groups.dispatch(r.name(), new VrrpEvent.Startup());
            }
            trackers.startAll();
            claims.sync(runners.values());
            return null;
        });
        try {
            serveMetrics(c.globalDefs().metricsListen());
        } catch (java.io.IOException e) {
            stop();
            throw new IllegalStateException(
                    "metrics_listen " + c.globalDefs().metricsListen().get() + ": " + e.getMessage(), e);
        }
        LOG.info("hapair-vrrp running {} instance(s) from {}", runners.size(), source.describe());
    }

    /**
     * SIGHUP: reads the configuration again and applies the difference. Returns false (and keeps the running
     * configuration) when the new one has errors.
     */
    public boolean reload() {
        ConfigResult result = source.load();
        if (result.hasErrors()) {
            for (Diagnostic d : result.diagnostics()) {
                LOG.error("reload: {}", d);
            }
            LOG.error(
                    "reload refused: {} has {} error(s); the running configuration stays",
                    source.describe(),
                    result.errors().size());
            return false;
        }
        result.warnings().forEach(d -> LOG.warn("reload: {}", d));
        KeepalivedConfig next = result.config().orElseThrow();
        return loop.call(() -> {
            if (stopped) {
                return false;
            }
            apply(next);
            return true;
        });
    }

    private void apply(KeepalivedConfig next) {
        if (!next.globalDefs().metricsListen().equals(config.globalDefs().metricsListen())) {
            try {
                serveMetrics(next.globalDefs().metricsListen());
            } catch (java.io.IOException e) {
                LOG.error(
                        "reload: metrics_listen {}: {} (metrics are off)",
                        next.globalDefs().metricsListen().get(),
                        e.getMessage());
            }
        }
        ConfigDiff diff = ConfigDiff.between(config, next);
        if (diff.isEmpty()) {
            LOG.info("reload: no change");
            config = next;
            return;
        }
        Set<String> restart = new LinkedHashSet<>();
        diff.removedInstances().forEach(i -> restart.add(i.name()));
        for (VrrpInstanceConfig i : diff.changedInstances()) {
            VrrpInstanceConfig before = config.instances().stream()
                    .filter(o -> o.name().equals(i.name()))
                    .findFirst()
                    .orElse(null);
            InstanceRunner r = runners.get(i.name());
            // a key rotation (keys, active_key, mode) applies in place: restarting would flap the VIP
            if (before == null || r == null || !before.sameSettingsButAuthHmac(i) || !r.updateAuthHmac(i.authHmac())) {
                restart.add(i.name());
            }
        }
        for (String g : diff.changedSyncGroups()) {
            config.syncGroup(g).ifPresent(sg -> restart.addAll(sg.instances()));
            next.syncGroup(g).ifPresent(sg -> restart.addAll(sg.instances()));
        }
        for (String name : restart) {
            InstanceRunner r = runners.get(name);
            if (r != null) {
                stopRunner(r);
            }
        }
        Set<String> replaced = new HashSet<>();
        diff.changedScripts().forEach(s -> replaced.add(Tracker.scriptKey(s)));
        diff.changedTrackProcesses().forEach(p -> replaced.add(Tracker.processKey(p)));
        if (diff.globalDefsChanged()) {
            next.scripts().forEach(s -> replaced.add(Tracker.scriptKey(s.name())));
            notifier = new NotifyRunner(next.globalDefs().scriptUser());
        }
        config = next;
        List<Tracker> fresh = trackers.sync(next, replaced);
        for (VrrpInstanceConfig i : next.instances()) {
            if (!runners.containsKey(i.name())) {
                startInstance(i);
            }
        }
        groups.rebuild(next);
        for (VrrpInstanceConfig i : next.instances()) {
            if (restart.contains(i.name())
                    || diff.addedInstances().stream().anyMatch(a -> a.name().equals(i.name()))) {
                if (runners.containsKey(i.name())) {
                    groups.dispatch(i.name(), new VrrpEvent.Startup());
                }
            }
        }
        for (Tracker t : fresh) {
            // instances that kept running learn the replaced tracker's state (no change: nothing happens)
            for (InstanceRunner r : List.copyOf(runners.values())) {
                r.onTrack(t.key(), t.up(), t.describe() + " (reloaded) is " + (t.up() ? "up" : "down"));
            }
            t.start();
        }
        claims.sync(runners.values());
        LOG.info("reload: {}", diff.summary());
    }

    /** SIGTERM/SIGINT/fatal error: masters send priority 0, every VIP goes, notify_stop runs. Idempotent. */
    public void stop() {
        if (stopped) {
            return;
        }
        try {
            loop.call(() -> {
                stopAll();
                return null;
            });
        } catch (RuntimeException e) {
            LOG.error("orderly stop failed ({}); removing VIPs directly", e.toString());
            stopAll();
        }
        if (notifier != null) {
            notifier.awaitRunning(Duration.ofSeconds(2));
        }
    }

    private synchronized void stopAll() {
        if (stopped) {
            return;
        }
        stopped = true;
        for (InstanceRunner r : List.copyOf(runners.values())) {
            stopRunner(r);
        }
        trackers.closeAll();
        claims.close();
        LOG.info("hapair-vrrp stopped");
    }

    /** Starts, moves or stops the metrics endpoint. */
    private void serveMetrics(java.util.Optional<java.net.InetSocketAddress> listen) throws java.io.IOException {
        if (metrics != null) {
            metrics.close();
            metrics = null;
        }
        if (listen.isPresent()) {
            metrics = MetricsServer.start(listen.get(), this::metricsText);
        }
    }

    /** The Prometheus text (snapshot taken on the loop). */
    public String metricsText() {
        return MetricsText.render(loop.call(() -> {
            Map<String, Boolean> trackerStates = new LinkedHashMap<>();
            trackers.all().forEach(t -> trackerStates.put(t.key(), t.up()));
            return MetricsText.snapshot(runners.values(), trackerStates, lateness, clock);
        }));
    }

    @Override
    public void close() {
        if (metrics != null) {
            metrics.close();
        }
        stop();
        loop.close();
        garp.close();
        trackers.close();
    }

    // ------------------------------------------------------------------ instances

    private void startInstance(VrrpInstanceConfig c) {
        InterfaceInfo info;
        try {
            info = os.interfaces().lookup(c.interfaceName());
        } catch (NativeException e) {
            LOG.error("{}: cannot start: interface {}: {}", c.name(), c.interfaceName(), e.getMessage());
            return;
        }
        InstancePlan plan;
        try {
            List<java.net.Inet6Address> linkLocal =
                    c.virtualAddresses().stream().anyMatch(v -> v.address() instanceof java.net.Inet6Address)
                            ? os.interfaces().linkLocalAddresses(c.interfaceName())
                            : List.of();
            boolean wasWaiting = awaitingLinkLocal.remove(c.name());
            if (isIpv6(c) && linkLocal.isEmpty()) {
                awaitLinkLocal(c, wasWaiting);
                return;
            }
            plan = InstancePlan.of(c, info.primaryIpv4(), linkLocal, trackers::isUp);
        } catch (NativeException e) {
            LOG.error("{}: cannot start: interface {}: {}", c.name(), c.interfaceName(), e.getMessage());
            return;
        } catch (IllegalArgumentException e) {
            LOG.error("{}: cannot start: {}", c.name(), e.getMessage());
            return;
        }
        plan.warnings().forEach(w -> LOG.warn("{}: {}", c.name(), w));
        AdvertReceiver receiver;
        try {
            receiver = receivers.acquire(plan);
        } catch (NativeException e) {
            LOG.error("{}: cannot start: {}", c.name(), e.getMessage());
            return;
        }
        Set<java.net.InetAddress> local = new HashSet<>();
        local.add(plan.source());
        info.ipv4Addresses().stream()
                .map(IfAddress::address)
                .filter(a -> !plan.vips().containsKey(a))
                .forEach(local::add);
        if (plan.ipv6()) {
            try {
                local.addAll(os.interfaces().linkLocalAddresses(c.interfaceName()));
            } catch (NativeException e) {
                LOG.warn("{}: listing the link-local addresses of {}: {}", c.name(), c.interfaceName(), e.getMessage());
            }
        }
        InstanceRunner runner = new InstanceRunner(plan, context, receiver, local);
        runners.put(c.name(), runner);
        receiver.subscribe(runner);
        LOG.info(
                "{}: vrid {} on {} (VRRPv{}, priority {}, advert_int {} s, {}{}), VIPs {}",
                c.name(),
                c.virtualRouterId(),
                c.interfaceName(),
                c.version(),
                c.priority(),
                plan.spec().advertIntervalCentis() / 100.0,
                plan.unicast()
                        ? "unicast to " + plan.peers()
                        : plan.ipv6()
                                ? "multicast ff02::12 from " + plan.source().getHostAddress()
                                : "multicast",
                plan.spec().preempt() ? "" : ", nopreempt",
                plan.vips().values());
    }

    private static boolean isIpv6(VrrpInstanceConfig c) {
        return c.virtualAddresses().stream().anyMatch(v -> v.address() instanceof java.net.Inet6Address);
    }

    /**
     * An IPv6 instance whose interface has no usable link-local address yet (duplicate address detection runs
     * for a second or two after the link comes up, e.g. at boot): it cannot send adverts, so it starts once the
     * address is there, checked each second while the configuration still has it. Loop thread.
     */
    private void awaitLinkLocal(VrrpInstanceConfig c, boolean alreadyWaiting) {
        awaitingLinkLocal.add(c.name());
        if (!alreadyWaiting) { // else the retry already scheduled goes on
            LOG.warn(
                    "{}: waiting for a usable IPv6 link-local address on {} (duplicate address detection) to send"
                            + " adverts from",
                    c.name(),
                    c.interfaceName());
            scheduleRetry(c.name());
        }
    }

    private void scheduleRetry(String name) {
        context.loop().schedule(() -> retryStart(name), 1, java.util.concurrent.TimeUnit.SECONDS);
    }

    private void retryStart(String name) {
        if (stopped || runners.containsKey(name) || !awaitingLinkLocal.contains(name)) {
            return;
        }
        java.util.Optional<VrrpInstanceConfig> c =
                config.instances().stream().filter(i -> i.name().equals(name)).findFirst();
        if (c.isEmpty()) {
            awaitingLinkLocal.remove(name);
            return;
        }
        startInstance(c.get());
        if (runners.containsKey(name)) {
            LOG.info(
                    "{}: {} has a usable IPv6 link-local address now: starting",
                    name,
                    c.get().interfaceName());
            groups.rebuild(config);
            groups.dispatch(name, new VrrpEvent.Startup());
            claims.sync(runners.values());
        } else if (awaitingLinkLocal.contains(name)) {
            scheduleRetry(name);
        }
    }

    private void stopRunner(InstanceRunner r) {
        try {
            r.stop();
        } finally {
            runners.remove(r.name());
            receivers.release(r);
        }
    }

    private void onTrackerChange(Tracker tracker, boolean up, String detail) {
        if (stopped) {
            return;
        }
        for (InstanceRunner r : List.copyOf(runners.values())) {
            r.onTrack(tracker.key(), up, detail);
        }
    }

    // ------------------------------------------------------------------ inspection

    /** A snapshot of every instance for the SIGUSR1 dump (taken on the loop). */
    public StateDump.Snapshot snapshot() {
        return loop.call(() -> StateDump.snapshot(
                runners.values(),
                trackers.all(),
                receivers.all(),
                new StateDump.LoopView(lateness.worstNanos(), GcPauses.worstMillis(), GcPauses.collections())));
    }

    /** Names and states of the running instances, e.g. {@code VI_1 -> MASTER}. */
    public Map<String, String> states() {
        return loop.call(() -> {
            Map<String, String> m = new LinkedHashMap<>();
            runners.values().forEach(r -> m.put(r.name(), r.instance().state().name()));
            return m;
        });
    }

    private static void logDiagnostics(ConfigResult result) {
        for (Diagnostic d : result.diagnostics()) {
            if (d.isError()) {
                LOG.error("{}", d);
            } else {
                LOG.warn("{}", d);
            }
        }
    }
}

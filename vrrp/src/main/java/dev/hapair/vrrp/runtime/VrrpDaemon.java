package dev.hapair.vrrp.runtime;

import dev.hapair.health.probe.ProcessWatcher;
import dev.hapair.vrrp.config.ConfigDiff;
import dev.hapair.vrrp.config.ConfigException;
import dev.hapair.vrrp.config.ConfigResult;
import dev.hapair.vrrp.config.Diagnostic;
import dev.hapair.vrrp.config.GlobalDefs;
import dev.hapair.vrrp.config.KeepalivedConfig;
import dev.hapair.vrrp.config.SyncGroupConfig;
import dev.hapair.vrrp.config.TrackProcessConfig;
import dev.hapair.vrrp.config.TrackRef;
import dev.hapair.vrrp.config.VrrpInstanceConfig;
import dev.hapair.vrrp.config.VrrpScriptConfig;
import dev.hapair.vrrp.fsm.VrrpEvent;
import dev.hapair.vrrp.fsm.VrrpInstance;
import dev.hapair.vrrp.fsm.VrrpSyncGroup;
import dev.hapair.vrrp.fsm.NotifyType;
import dev.hapair.vrrp.fsm.VrrpState;
import dev.hapair.vrrp.os.AddressManager;
import dev.hapair.vrrp.os.IfAddress;
import dev.hapair.vrrp.os.InterfaceInfo;
import dev.hapair.vrrp.os.NativeException;
import dev.hapair.vrrp.os.NetworkOs;
import dev.hapair.vrrp.packet.VrrpCodec;
import dev.hapair.vrrp.track.InterfaceTracker;
import dev.hapair.vrrp.track.ProcessTracker;
import dev.hapair.vrrp.track.ScriptSecurity;
import dev.hapair.vrrp.track.ScriptTracker;
import dev.hapair.vrrp.track.Tracker;
import java.net.Inet4Address;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hapair-vrrp daemon: every vrrp_instance of a keepalived.conf as an {@link InstanceRunner} on one
 * single-threaded loop. Advert receivers, trackers and signals only queue work onto the loop; the loop feeds
 * the state machines (through their sync group when they have one) and carries out their actions.
 *
 * <p>Lifecycle: {@link #start} (reconciles VIPs left by a crashed run, starts trackers and instances),
 * {@link #reload} on SIGHUP (a {@link ConfigDiff}: unchanged instances keep state and VIPs, an invalid file
 * is refused and the running config stays), {@link #stop} (masters send priority 0, every VIP is removed).
 */
public final class VrrpDaemon implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(VrrpDaemon.class);
    private static final Duration LOOP_CALL_TIMEOUT = Duration.ofSeconds(30);

    private final ConfigSource source;
    private final NetworkOs os;
    private final LongSupplier clock;
    private final ScheduledThreadPoolExecutor loop;
    private final VrrpCodec codec = new VrrpCodec();
    private final GarpSender garp;
    private final ProcessWatcher processWatcher = new ProcessWatcher();
    private final Map<String, InstanceRunner> runners = new LinkedHashMap<>();
    private final Map<String, AdvertReceiver> receivers = new LinkedHashMap<>();
    private final Map<String, Tracker> trackers = new LinkedHashMap<>();
    private final Map<String, VrrpSyncGroup> groups = new LinkedHashMap<>();
    private final Map<String, NotifyType> groupStates = new java.util.HashMap<>();
    private final InstanceRunner.Context context;
    private NotifyRunner notifier;
    private KeepalivedConfig config;
    private volatile boolean stopped;

    public VrrpDaemon(ConfigSource source, NetworkOs os) {
        this(source, os, System::nanoTime);
    }

    public VrrpDaemon(ConfigSource source, NetworkOs os, LongSupplier clock) {
        this.source = source;
        this.os = os;
        this.clock = clock;
        this.loop = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(() -> {
                try {
                    r.run();
                } catch (Throwable e) {
                    LOG.error("daemon loop failed", e);
                    throw e;
                }
            }, "vrrp-loop");
            t.setDaemon(true);
            return t;
        });
        this.loop.setRemoveOnCancelPolicy(true);
        this.garp = new GarpSender(os);
        this.context = new InstanceRunner.Context() {
            @Override
            public ScheduledExecutorService loop() {
                return loop;
            }

            @Override
            public LongSupplier clock() {
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
            public void dispatch(String instance, VrrpEvent event) {
                VrrpDaemon.this.dispatch(instance, event);
            }
        };
    }

    // ------------------------------------------------------------------ lifecycle

    /** Loads the configuration and starts every instance; throws when the configuration has errors. */
    public void start() throws ConfigException {
        ConfigResult result = source.load();
        logDiagnostics(result);
        KeepalivedConfig c = result.orThrow();
        onLoop(() -> {
            config = c;
            notifier = new NotifyRunner(c.globalDefs().scriptUser());
            reconcileLeftovers(c);
            syncTrackers(c, Set.of());
            for (VrrpInstanceConfig i : c.instances()) {
                startInstance(i);
            }
            rebuildGroups(c);
            for (InstanceRunner r : List.copyOf(runners.values())) {
                dispatch(r.name(), new VrrpEvent.Startup());
            }
            trackers.values().forEach(Tracker::start);
            return null;
        });
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
            LOG.error("reload refused: {} has {} error(s); the running configuration stays", source.describe(),
                    result.errors().size());
            return false;
        }
        result.warnings().forEach(d -> LOG.warn("reload: {}", d));
        KeepalivedConfig next = result.config().orElseThrow();
        return onLoop(() -> {
            if (stopped) {
                return false;
            }
            apply(next);
            return true;
        });
    }

    private void apply(KeepalivedConfig next) {
        ConfigDiff diff = ConfigDiff.between(config, next);
        if (diff.isEmpty()) {
            LOG.info("reload: no change");
            config = next;
            return;
        }
        Set<String> restart = new LinkedHashSet<>();
        diff.removedInstances().forEach(i -> restart.add(i.name()));
        diff.changedInstances().forEach(i -> restart.add(i.name()));
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
        List<Tracker> fresh = syncTrackers(next, replaced);
        for (VrrpInstanceConfig i : next.instances()) {
            if (!runners.containsKey(i.name())) {
                startInstance(i);
            }
        }
        rebuildGroups(next);
        for (VrrpInstanceConfig i : next.instances()) {
            if (restart.contains(i.name()) || diff.addedInstances().stream().anyMatch(a -> a.name().equals(i.name()))) {
                if (runners.containsKey(i.name())) {
                    dispatch(i.name(), new VrrpEvent.Startup());
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
        LOG.info("reload: {}", diff.summary());
    }

    /** SIGTERM/SIGINT/fatal error: masters send priority 0, every VIP goes, notify_stop runs. Idempotent. */
    public void stop() {
        if (stopped) {
            return;
        }
        try {
            onLoop(() -> {
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
        trackers.values().forEach(Tracker::close);
        trackers.clear();
        LOG.info("hapair-vrrp stopped");
    }

    @Override
    public void close() {
        stop();
        loop.shutdownNow();
        try {
            loop.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        garp.close();
        processWatcher.close();
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
            plan = InstancePlan.of(c, info.primaryIpv4(), key -> {
                Tracker t = trackers.get(key);
                return t == null || t.up();
            });
        } catch (IllegalArgumentException e) {
            LOG.error("{}: cannot start: {}", c.name(), e.getMessage());
            return;
        }
        plan.warnings().forEach(w -> LOG.warn("{}: {}", c.name(), w));
        String key = AdvertReceiver.key(plan.interfaceName(), plan.source(), plan.unicast());
        AdvertReceiver receiver = receivers.get(key);
        if (receiver == null) {
            try {
                receiver = AdvertReceiver.open(os, plan.interfaceName(), plan.source(), plan.unicast(), codec);
            } catch (NativeException e) {
                LOG.error("{}: cannot start: {}", c.name(), e.getMessage());
                return;
            }
            receivers.put(key, receiver);
        }
        Set<Inet4Address> local = new HashSet<>();
        local.add(plan.source());
        info.ipv4Addresses().stream().map(IfAddress::address).filter(a -> !plan.vips().containsKey(a))
                .forEach(local::add);
        InstanceRunner runner = new InstanceRunner(plan, context, receiver, local);
        runners.put(c.name(), runner);
        receiver.subscribe(runner);
        LOG.info("{}: vrid {} on {} (VRRPv{}, priority {}, advert_int {} s, {}{}), VIPs {}", c.name(),
                c.virtualRouterId(), c.interfaceName(), c.version(), c.priority(),
                plan.spec().advertIntervalCentis() / 100.0, plan.unicast() ? "unicast to " + plan.peers() : "multicast",
                plan.spec().preempt() ? "" : ", nopreempt", plan.vips().values());
    }

    private void stopRunner(InstanceRunner r) {
        try {
            r.stop();
        } finally {
            runners.remove(r.name());
            AdvertReceiver rx = r.receiver();
            if (rx.unsubscribe(r)) {
                receivers.remove(rx.key());
                rx.close();
            }
        }
    }

    private void rebuildGroups(KeepalivedConfig c) {
        groups.clear();
        runners.values().forEach(r -> r.joinGroup(null));
        for (SyncGroupConfig g : c.syncGroups()) {
            List<VrrpInstance> members = new ArrayList<>();
            for (String m : g.instances()) {
                InstanceRunner r = runners.get(m);
                if (r != null) {
                    members.add(r.instance());
                }
            }
            if (members.isEmpty()) {
                continue;
            }
            VrrpSyncGroup sg = new VrrpSyncGroup(g.name(), members);
            groups.put(g.name(), sg);
            for (VrrpInstance m : members) {
                runners.get(m.name()).joinGroup(sg);
            }
        }
    }

    /** Feeds {@code event} to the instance (through its sync group) and performs every resulting action. */
    void dispatch(String instance, VrrpEvent event) {
        InstanceRunner r = runners.get(instance);
        if (r == null || r.closed()) {
            return;
        }
        long now = clock.getAsLong();
        VrrpSyncGroup g = r.group();
        if (g == null) {
            r.perform(r.instance().handle(event, now));
            return;
        }
        for (VrrpSyncGroup.MemberActions ma : g.handle(instance, event, now)) {
            InstanceRunner m = runners.get(ma.instance());
            if (m != null) {
                m.perform(ma.actions());
            }
        }
        notifyGroup(g);
    }

    /** A sync group's own notify scripts run when all its members have reached a new common state. */
    private void notifyGroup(VrrpSyncGroup g) {
        VrrpState common = null;
        for (VrrpInstance m : g.members()) {
            if (common != null && m.state() != common) {
                return;
            }
            common = m.state();
        }
        NotifyType type = switch (common) {
            case MASTER -> NotifyType.MASTER;
            case BACKUP -> NotifyType.BACKUP;
            case FAULT -> NotifyType.FAULT;
            case INIT -> NotifyType.STOP;
        };
        if (groupStates.put(g.name(), type) != type) {
            LOG.info("sync group {}: {}", g.name(), common);
            config.syncGroup(g.name()).ifPresent(sg -> notifier.group(sg.notifyScripts(), g.name(), type));
        }
    }

    // ------------------------------------------------------------------ trackers

    /**
     * Makes {@link #trackers} match what the configuration references: creates missing trackers, closes
     * unused ones and those in {@code replace}. Returns the trackers created (not started yet).
     */
    private List<Tracker> syncTrackers(KeepalivedConfig c, Set<String> replace) {
        Map<String, Runnable> needed = new LinkedHashMap<>();
        List<Tracker> created = new ArrayList<>();
        for (VrrpInstanceConfig i : c.instances()) {
            for (TrackRef t : i.trackScripts()) {
                c.script(t.name()).ifPresent(s -> needed.putIfAbsent(Tracker.scriptKey(s.name()),
                        () -> createScriptTracker(c.globalDefs(), s).ifPresent(created::add)));
            }
            for (TrackRef t : i.trackProcesses()) {
                c.trackProcess(t.name()).ifPresent(p -> needed.putIfAbsent(Tracker.processKey(p.name()),
                        () -> created.add(createProcessTracker(p))));
            }
            List<String> ifaces = new ArrayList<>(i.trackInterfaces().stream().map(TrackRef::name).toList());
            if (!i.dontTrackPrimary()) {
                ifaces.add(i.interfaceName());
            }
            for (String n : ifaces) {
                needed.putIfAbsent(Tracker.interfaceKey(n), () -> created.add(
                        new InterfaceTracker(n, os.links(), loop, this::onTrackerChange)));
            }
        }
        for (String key : List.copyOf(trackers.keySet())) {
            if (!needed.containsKey(key) || replace.contains(key)) {
                trackers.remove(key).close();
            }
        }
        for (Map.Entry<String, Runnable> e : needed.entrySet()) {
            if (!trackers.containsKey(e.getKey())) {
                int before = created.size();
                e.getValue().run();
                if (created.size() > before) {
                    Tracker t = created.get(created.size() - 1);
                    trackers.put(t.key(), t);
                }
            }
        }
        return created;
    }

    private Optional<Tracker> createScriptTracker(GlobalDefs g, VrrpScriptConfig s) {
        List<String> argv = s.argv();
        if (argv.isEmpty()) {
            LOG.error("vrrp_script {}: empty script, not tracked", s.name());
            return Optional.empty();
        }
        if (g.enableScriptSecurity()) {
            Optional<String> problem = ScriptSecurity.problem(argv.get(0));
            if (problem.isPresent()) {
                LOG.error("vrrp_script {}: SECURITY VIOLATION - {}: script disabled (enable_script_security)",
                        s.name(), problem.get());
                return Optional.empty();
            }
        }
        String user = s.user().or(g::scriptUser).orElse(null);
        return Optional.of(new ScriptTracker(s, user, loop, clock, this::onTrackerChange));
    }

    private Tracker createProcessTracker(TrackProcessConfig p) {
        return new ProcessTracker(p, processWatcher, loop, this::onTrackerChange);
    }

    private void onTrackerChange(Tracker tracker, boolean up, String detail) {
        if (stopped || trackers.get(tracker.key()) != tracker) {
            return;
        }
        for (InstanceRunner r : List.copyOf(runners.values())) {
            r.onTrack(tracker.key(), up, detail);
        }
    }

    // ------------------------------------------------------------------ VIP reconciliation

    /**
     * A previous run killed with SIGKILL (or OOM) left its VIPs: we start as BACKUP, so they go now, before
     * two hosts answer for them. An address owner (priority 255) becomes master at once and keeps them.
     */
    private void reconcileLeftovers(KeepalivedConfig c) {
        for (VrrpInstanceConfig i : c.instances()) {
            if (i.priority() == VrrpInstanceConfig.OWNER_PRIORITY) {
                continue;
            }
            for (IfAddress vip : VipRelease.addresses(i)) {
                if (VipRelease.removeIfPresent(os.addresses(), vip)) {
                    LOG.warn("{}: removed {} left by a previous run", i.name(), vip);
                }
            }
        }
    }

    // ------------------------------------------------------------------ inspection

    /** A snapshot of every instance for the SIGUSR1 dump (taken on the loop). */
    public StateDump.Snapshot snapshot() {
        return onLoop(() -> StateDump.snapshot(runners.values(), trackers.values(), receivers.values()));
    }

    /** Names and states of the running instances, e.g. {@code VI_1 -> MASTER}. */
    public Map<String, String> states() {
        return onLoop(() -> {
            Map<String, String> m = new LinkedHashMap<>();
            runners.values().forEach(r -> m.put(r.name(), r.instance().state().name()));
            return m;
        });
    }

    private <T> T onLoop(Callable<T> task) {
        if (Thread.currentThread().getName().equals("vrrp-loop")) {
            try {
                return task.call();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        try {
            return loop.submit(task).get(LOOP_CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException | java.util.concurrent.RejectedExecutionException e) {
            throw new IllegalStateException("daemon loop did not answer: " + e, e);
        }
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

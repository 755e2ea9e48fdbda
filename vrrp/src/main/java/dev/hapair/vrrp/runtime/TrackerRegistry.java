package dev.hapair.vrrp.runtime;

import dev.hapair.common.time.MonotonicClock;
import dev.hapair.health.probe.ProcessWatcher;
import dev.hapair.vrrp.config.GlobalDefs;
import dev.hapair.vrrp.config.KeepalivedConfig;
import dev.hapair.vrrp.config.TrackProcessConfig;
import dev.hapair.vrrp.config.TrackRef;
import dev.hapair.vrrp.config.VrrpInstanceConfig;
import dev.hapair.vrrp.config.VrrpScriptConfig;
import dev.hapair.vrrp.os.LinkMonitor;
import dev.hapair.vrrp.track.InterfaceTracker;
import dev.hapair.vrrp.track.ProcessTracker;
import dev.hapair.vrrp.track.ScriptSecurity;
import dev.hapair.vrrp.track.ScriptTracker;
import dev.hapair.vrrp.track.TrackListener;
import dev.hapair.vrrp.track.Tracker;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The trackers the configuration references (vrrp_script, track_process, track_interface), one per key
 * however many instances list it. Changes of a tracker that has since been replaced or closed are dropped
 * here; the others go to the listener. Used on the daemon loop only.
 */
final class TrackerRegistry implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TrackerRegistry.class);

    private final LinkMonitor links;
    private final ScheduledExecutorService loop;
    private final MonotonicClock clock;
    private final TrackListener listener;
    private final ProcessWatcher processWatcher = new ProcessWatcher();
    private final Map<String, Tracker> trackers = new LinkedHashMap<>();

    TrackerRegistry(LinkMonitor links, ScheduledExecutorService loop, MonotonicClock clock, TrackListener listener) {
        this.links = links;
        this.loop = loop;
        this.clock = clock;
        this.listener = listener;
    }

    /** Whether the track is up; an unknown key (tracker not created) counts as up. */
    boolean isUp(String key) {
        Tracker t = trackers.get(key);
        return t == null || t.up();
    }

    Collection<Tracker> all() {
        return Collections.unmodifiableCollection(trackers.values());
    }

    void startAll() {
        trackers.values().forEach(Tracker::start);
    }

    void closeAll() {
        trackers.values().forEach(Tracker::close);
        trackers.clear();
    }

    /**
     * Makes the registry match what the configuration references: creates missing trackers, closes
     * unused ones and those in {@code replace}. Returns the trackers created (not started yet).
     */
    List<Tracker> sync(KeepalivedConfig c, Set<String> replace) {
        Map<String, Runnable> needed = new LinkedHashMap<>();
        List<Tracker> created = new ArrayList<>();
        for (VrrpInstanceConfig i : c.instances()) {
            for (TrackRef t : i.trackScripts()) {
                c.script(t.name())
                        .ifPresent(s -> needed.putIfAbsent(
                                Tracker.scriptKey(s.name()),
                                () -> createScriptTracker(c.globalDefs(), s).ifPresent(created::add)));
            }
            for (TrackRef t : i.trackProcesses()) {
                c.trackProcess(t.name())
                        .ifPresent(p -> needed.putIfAbsent(
                                Tracker.processKey(p.name()), () -> created.add(createProcessTracker(p))));
            }
            List<String> ifaces = new ArrayList<>(
                    i.trackInterfaces().stream().map(TrackRef::name).toList());
            if (!i.dontTrackPrimary()) {
                ifaces.add(i.interfaceName());
            }
            for (String n : ifaces) {
                needed.putIfAbsent(
                        Tracker.interfaceKey(n),
                        () -> created.add(new InterfaceTracker(n, links, loop, this::onChange)));
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
                LOG.error(
                        "vrrp_script {}: SECURITY VIOLATION - {}: script disabled (enable_script_security)",
                        s.name(),
                        problem.get());
                return Optional.empty();
            }
        }
        String user = s.user().or(g::scriptUser).orElse(null);
        return Optional.of(new ScriptTracker(s, user, loop, clock, this::onChange));
    }

    private Tracker createProcessTracker(TrackProcessConfig p) {
        return new ProcessTracker(p, processWatcher, loop, this::onChange);
    }

    private void onChange(Tracker tracker, boolean up, String detail) {
        if (trackers.get(tracker.key()) != tracker) {
            return;
        }
        listener.onTrackChange(tracker, up, detail);
    }

    @Override
    public void close() {
        processWatcher.close();
    }
}

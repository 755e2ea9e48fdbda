package dev.hapair.vrrp.config;

import dev.hapair.common.config.SourceLocation;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.BiPredicate;
import java.util.function.Function;

/**
 * What a SIGHUP reload changes, by name: instances (and the scripts, tracked processes and sync groups they
 * use) added, removed, changed or unchanged. Settings are compared without source locations, so a reload that
 * only moved lines changes nothing and no instance flaps. Pure: the daemon decides what to do with it.
 *
 * @param addedInstances     in the new config only
 * @param removedInstances   in the old config only
 * @param changedInstances   in both, with different settings (the new version)
 * @param unchangedInstances in both, same settings (the new version, whose locations are current)
 */
public record ConfigDiff(
        List<VrrpInstanceConfig> addedInstances,
        List<VrrpInstanceConfig> removedInstances,
        List<VrrpInstanceConfig> changedInstances,
        List<VrrpInstanceConfig> unchangedInstances,
        List<String> addedScripts,
        List<String> removedScripts,
        List<String> changedScripts,
        List<String> addedTrackProcesses,
        List<String> removedTrackProcesses,
        List<String> changedTrackProcesses,
        List<String> changedSyncGroups,
        boolean globalDefsChanged) {
    public ConfigDiff {
        addedInstances = List.copyOf(addedInstances);
        removedInstances = List.copyOf(removedInstances);
        changedInstances = List.copyOf(changedInstances);
        unchangedInstances = List.copyOf(unchangedInstances);
        addedScripts = List.copyOf(addedScripts);
        removedScripts = List.copyOf(removedScripts);
        changedScripts = List.copyOf(changedScripts);
        addedTrackProcesses = List.copyOf(addedTrackProcesses);
        removedTrackProcesses = List.copyOf(removedTrackProcesses);
        changedTrackProcesses = List.copyOf(changedTrackProcesses);
        changedSyncGroups = List.copyOf(changedSyncGroups);
    }

    public static ConfigDiff between(KeepalivedConfig before, KeepalivedConfig after) {
        Objects.requireNonNull(before, "before");
        Objects.requireNonNull(after, "after");
        Sorted<VrrpInstanceConfig> instances = sort(
                before.instances(), after.instances(), VrrpInstanceConfig::name, VrrpInstanceConfig::sameSettingsAs);
        Sorted<VrrpScriptConfig> scripts =
                sort(before.scripts(), after.scripts(), VrrpScriptConfig::name, (a, b) -> a.withoutLocation()
                        .equals(b.withoutLocation()));
        Sorted<TrackProcessConfig> processes = sort(
                before.trackProcesses(), after.trackProcesses(), TrackProcessConfig::name, (a, b) -> a.withoutLocation()
                        .equals(b.withoutLocation()));
        Sorted<SyncGroupConfig> groups =
                sort(before.syncGroups(), after.syncGroups(), SyncGroupConfig::name, SyncGroupConfig::sameAs);
        List<String> changedGroups = new ArrayList<>(names(groups.added, SyncGroupConfig::name));
        changedGroups.addAll(names(groups.removed, SyncGroupConfig::name));
        changedGroups.addAll(names(groups.changed, SyncGroupConfig::name));
        GlobalDefs g1 = before.globalDefs();
        GlobalDefs g2 = after.globalDefs();
        boolean globalChanged = !new GlobalDefs(
                        g1.routerId(),
                        g1.scriptUser(),
                        g1.scriptGroup(),
                        g1.enableScriptSecurity(),
                        g1.vrrpVersion(),
                        g1.garpMasterDelay(),
                        g1.garpMasterRepeat(),
                        g1.garpMasterRefresh(),
                        g1.reannounce(),
                        g1.metricsListen(),
                        SourceLocation.NONE)
                .equals(new GlobalDefs(
                        g2.routerId(),
                        g2.scriptUser(),
                        g2.scriptGroup(),
                        g2.enableScriptSecurity(),
                        g2.vrrpVersion(),
                        g2.garpMasterDelay(),
                        g2.garpMasterRepeat(),
                        g2.garpMasterRefresh(),
                        g2.reannounce(),
                        g2.metricsListen(),
                        SourceLocation.NONE));
        return new ConfigDiff(
                instances.added,
                instances.removed,
                instances.changed,
                instances.unchanged,
                names(scripts.added, VrrpScriptConfig::name),
                names(scripts.removed, VrrpScriptConfig::name),
                names(scripts.changed, VrrpScriptConfig::name),
                names(processes.added, TrackProcessConfig::name),
                names(processes.removed, TrackProcessConfig::name),
                names(processes.changed, TrackProcessConfig::name),
                changedGroups,
                globalChanged);
    }

    /** True when the reload changes nothing at all. */
    public boolean isEmpty() {
        return addedInstances.isEmpty()
                && removedInstances.isEmpty()
                && changedInstances.isEmpty()
                && addedScripts.isEmpty()
                && removedScripts.isEmpty()
                && changedScripts.isEmpty()
                && addedTrackProcesses.isEmpty()
                && removedTrackProcesses.isEmpty()
                && changedTrackProcesses.isEmpty()
                && changedSyncGroups.isEmpty()
                && !globalDefsChanged;
    }

    /** {@code +VI_3 -VI_2 ~VI_1 (1 unchanged)}: the reload log line. */
    public String summary() {
        StringBuilder b = new StringBuilder();
        addedInstances.forEach(i -> b.append('+').append(i.name()).append(' '));
        removedInstances.forEach(i -> b.append('-').append(i.name()).append(' '));
        changedInstances.forEach(i -> b.append('~').append(i.name()).append(' '));
        b.append('(').append(unchangedInstances.size()).append(" unchanged)");
        return b.toString();
    }

    private record Sorted<T>(List<T> added, List<T> removed, List<T> changed, List<T> unchanged) {}

    private static <T> Sorted<T> sort(List<T> before, List<T> after, Function<T, String> name, BiPredicate<T, T> same) {
        Sorted<T> s = new Sorted<>(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        for (T a : after) {
            T old = before.stream()
                    .filter(b -> name.apply(b).equals(name.apply(a)))
                    .findFirst()
                    .orElse(null);
            if (old == null) {
                s.added.add(a);
            } else if (same.test(old, a)) {
                s.unchanged.add(a);
            } else {
                s.changed.add(a);
            }
        }
        for (T b : before) {
            if (after.stream().noneMatch(a -> name.apply(a).equals(name.apply(b)))) {
                s.removed.add(b);
            }
        }
        return s;
    }

    private static <T> List<String> names(List<T> items, Function<T, String> name) {
        return items.stream().map(name).toList();
    }
}

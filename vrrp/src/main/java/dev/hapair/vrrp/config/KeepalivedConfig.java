package dev.hapair.vrrp.config;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A whole keepalived.conf after parsing and resolving: every section in file order. {@code files} lists the
 * main file and every file it included, in reading order. {@code bgp} holds hapair's own BGP sections
 * ({@link BgpConfig#NONE} when there are none).
 */
public record KeepalivedConfig(
        GlobalDefs globalDefs,
        List<VrrpScriptConfig> scripts,
        List<TrackProcessConfig> trackProcesses,
        List<VrrpInstanceConfig> instances,
        List<SyncGroupConfig> syncGroups,
        List<String> files,
        BgpConfig bgp) {
    public KeepalivedConfig {
        Objects.requireNonNull(bgp, "bgp");
        Objects.requireNonNull(globalDefs, "globalDefs");
        scripts = List.copyOf(scripts);
        trackProcesses = List.copyOf(trackProcesses);
        instances = List.copyOf(instances);
        syncGroups = List.copyOf(syncGroups);
        files = List.copyOf(files);
    }

    /** Without BGP sections. */
    public KeepalivedConfig(
            GlobalDefs globalDefs,
            List<VrrpScriptConfig> scripts,
            List<TrackProcessConfig> trackProcesses,
            List<VrrpInstanceConfig> instances,
            List<SyncGroupConfig> syncGroups,
            List<String> files) {
        this(globalDefs, scripts, trackProcesses, instances, syncGroups, files, BgpConfig.NONE);
    }

    public Optional<VrrpInstanceConfig> instance(String name) {
        return instances.stream().filter(i -> i.name().equals(name)).findFirst();
    }

    public Optional<VrrpScriptConfig> script(String name) {
        return scripts.stream().filter(s -> s.name().equals(name)).findFirst();
    }

    public Optional<TrackProcessConfig> trackProcess(String name) {
        return trackProcesses.stream().filter(p -> p.name().equals(name)).findFirst();
    }

    public Optional<SyncGroupConfig> syncGroup(String name) {
        return syncGroups.stream().filter(g -> g.name().equals(name)).findFirst();
    }
}

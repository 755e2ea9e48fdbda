package dev.hapair.vrrp.config;

import dev.hapair.common.config.SourceLocation;
import java.util.List;
import java.util.Objects;

/** {@code vrrp_sync_group NAME { group { VI_1 VI_2 } notify_* }}: instances that fail over together. */
public record SyncGroupConfig(
        String name, List<String> instances, NotifyScripts notifyScripts, SourceLocation location) {
    public SyncGroupConfig {
        Objects.requireNonNull(name, "name");
        instances = List.copyOf(instances);
        Objects.requireNonNull(notifyScripts, "notifyScripts");
        Objects.requireNonNull(location, "location");
    }

    boolean sameAs(SyncGroupConfig o) {
        return name.equals(o.name) && instances.equals(o.instances) && notifyScripts.sameAs(o.notifyScripts);
    }
}

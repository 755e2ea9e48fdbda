package dev.hapair.vrrp.runtime;

import dev.hapair.common.time.MonotonicClock;
import dev.hapair.vrrp.config.KeepalivedConfig;
import dev.hapair.vrrp.config.SyncGroupConfig;
import dev.hapair.vrrp.fsm.NotifyType;
import dev.hapair.vrrp.fsm.VrrpEvent;
import dev.hapair.vrrp.fsm.VrrpInstance;
import dev.hapair.vrrp.fsm.VrrpState;
import dev.hapair.vrrp.fsm.VrrpSyncGroup;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes events to the running instances: straight to an instance's state machine, or through its
 * vrrp_sync_group so the members move together; then carries out every resulting action and runs the
 * group's own notify scripts when all members reach a new common state. Used on the daemon loop only.
 */
final class SyncGroupDispatch {
    private static final Logger LOG = LoggerFactory.getLogger(SyncGroupDispatch.class);

    private final Map<String, InstanceRunner> runners;
    private final MonotonicClock clock;
    private final Supplier<NotifyRunner> notifier;
    private final Map<String, VrrpSyncGroup> groups = new LinkedHashMap<>();
    private final Map<String, SyncGroupConfig> groupConfigs = new HashMap<>();
    private final Map<String, NotifyType> groupStates = new HashMap<>();

    /** {@code runners} is the daemon's live table of running instances, read here, never changed. */
    SyncGroupDispatch(Map<String, InstanceRunner> runners, MonotonicClock clock, Supplier<NotifyRunner> notifier) {
        this.runners = runners;
        this.clock = clock;
        this.notifier = notifier;
    }

    /** Forms the configuration's sync groups from the instances now running (after a start or reload). */
    void rebuild(KeepalivedConfig c) {
        groups.clear();
        groupConfigs.clear();
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
            groupConfigs.put(g.name(), g);
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
        long now = clock.nanoTime();
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
        NotifyType type =
                switch (common) {
                    case MASTER -> NotifyType.MASTER;
                    case BACKUP -> NotifyType.BACKUP;
                    case FAULT -> NotifyType.FAULT;
                    case INIT -> NotifyType.STOP;
                };
        if (groupStates.put(g.name(), type) != type) {
            LOG.info("sync group {}: {}", g.name(), common);
            SyncGroupConfig sg = groupConfigs.get(g.name());
            if (sg != null) {
                notifier.get().group(sg.notifyScripts(), g.name(), type);
            }
        }
    }
}

package dev.hapair.vrrp.fsm;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A {@code vrrp_sync_group}: instances that fail over together. Pure coordinator around its members' state
 * machines: events for a member go through {@link #handle}, which feeds the member and then makes the others
 * follow its own (not sync-forced) transitions:
 * <ul>
 *   <li>while any member has a fault of its own (a weight-0 track down), every member is in FAULT; when the
 *       last such fault clears, all members leave FAULT together;</li>
 *   <li>a member becoming MASTER makes the BACKUP members MASTER;</li>
 *   <li>a MASTER member stepping down to BACKUP makes the other MASTER members step down (they send
 *       priority 0 so that the peer's members take over after Skew_Time).</li>
 * </ul>
 * Transitions caused by the group are marked {@code syncForced} and not propagated again, so one call always
 * terminates.
 */
public final class VrrpSyncGroup {

    /** The actions one member produced, in the order they must be performed. */
    public record MemberActions(String instance, List<VrrpAction> actions) {
        public MemberActions {
            Objects.requireNonNull(instance, "instance");
            actions = List.copyOf(actions);
        }
    }

    /** An event the group sends to one member because of another member's transition. */
    public record Directive(String instance, VrrpEvent event) {}

    private final String name;
    private final Map<String, VrrpInstance> members = new LinkedHashMap<>();
    private boolean faulted;

    public VrrpSyncGroup(String name, List<VrrpInstance> instances) {
        this.name = Objects.requireNonNull(name, "name");
        for (VrrpInstance i : instances) {
            if (members.put(i.name(), i) != null) {
                throw new IllegalArgumentException(
                        "vrrp_sync_group " + name + ": instance " + i.name() + " listed twice");
            }
        }
    }

    public String name() {
        return name;
    }

    public List<VrrpInstance> members() {
        return List.copyOf(members.values());
    }

    public VrrpInstance member(String instance) {
        VrrpInstance i = members.get(instance);
        if (i == null) {
            throw new IllegalArgumentException("vrrp_sync_group " + name + " has no instance " + instance);
        }
        return i;
    }

    /** Is the group held in FAULT by at least one member's own fault? */
    public boolean faulted() {
        return faulted;
    }

    /** Feeds {@code event} to {@code instance}, then lets the other members follow. */
    public List<MemberActions> handle(String instance, VrrpEvent event, long nowNanos) {
        member(instance);
        List<MemberActions> out = new ArrayList<>();
        Deque<Directive> queue = new ArrayDeque<>();
        queue.add(new Directive(instance, event));
        while (!queue.isEmpty()) {
            Directive d = queue.poll();
            List<VrrpAction> actions = members.get(d.instance()).handle(d.event(), nowNanos);
            if (!actions.isEmpty()) {
                out.add(new MemberActions(d.instance(), actions));
            }
            for (VrrpAction a : actions) {
                if (a instanceof VrrpAction.StateChange sc) {
                    queue.addAll(onStateChange(d.instance(), sc));
                }
            }
            // Own faults can change without a state change (a member already held in FAULT by the group),
            // so the group's fault is recomputed from the members after every step.
            String faulty = members.values().stream()
                    .filter(VrrpInstance::ownFault)
                    .map(VrrpInstance::name)
                    .findFirst()
                    .orElse(null);
            if ((faulty != null) != faulted) {
                faulted = faulty != null;
                String why = faulted ? faulty + " has a fault" : "no member has a fault";
                for (String m : members.keySet()) {
                    queue.add(new Directive(m, new VrrpEvent.SyncGroupFault(name, faulted, why)));
                }
            }
        }
        return out;
    }

    /**
     * The follow rule: what the other members must be told when {@code instance} made {@code change}.
     * Sync-forced changes yield nothing; FAULT is not handled here but from the members' own faults (see
     * {@link #handle}).
     */
    public List<Directive> onStateChange(String instance, VrrpAction.StateChange change) {
        List<Directive> out = new ArrayList<>();
        if (change.syncForced()) {
            return out;
        }
        String why = instance + " " + change.from() + " -> " + change.to();
        if (change.to() == VrrpState.MASTER) {
            others(instance, new VrrpEvent.SyncGroupFollow(name, VrrpState.MASTER, why), out);
        } else if (change.to() == VrrpState.BACKUP && change.from() == VrrpState.MASTER) {
            others(instance, new VrrpEvent.SyncGroupFollow(name, VrrpState.BACKUP, why), out);
        }
        return out;
    }

    private void others(String except, VrrpEvent event, List<Directive> out) {
        for (String m : members.keySet()) {
            if (!m.equals(except)) {
                out.add(new Directive(m, event));
            }
        }
    }
}

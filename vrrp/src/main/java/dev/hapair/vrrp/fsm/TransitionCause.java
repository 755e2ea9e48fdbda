package dev.hapair.vrrp.fsm;

import java.util.Locale;

/**
 * Why a state change happened, as a small fixed set (a metrics label) derived from the reasons
 * {@link VrrpInstance} writes into {@link VrrpAction.StateChange}; the free-text reason stays for the log.
 */
public enum TransitionCause {
    STARTUP,
    ADDRESS_OWNER,
    MASTER_DOWN,
    PRIORITY_ZERO,
    PREEMPT,
    HIGHER_PRIORITY,
    SYNC_GROUP,
    TRACKING,
    SHUTDOWN,
    OTHER;

    public static TransitionCause of(VrrpAction.StateChange change) {
        String r = change.reason();
        if (change.syncForced() || r.startsWith("sync group ")) {
            return SYNC_GROUP;
        }
        if (r.equals("startup")) {
            return STARTUP;
        }
        if (r.startsWith("address owner")) {
            return ADDRESS_OWNER;
        }
        if (r.startsWith("master down after")) {
            return MASTER_DOWN;
        }
        if (r.startsWith("master sent priority 0")) {
            return PRIORITY_ZERO;
        }
        if (r.startsWith("preempting master")) {
            return PREEMPT;
        }
        if (r.startsWith("higher priority") || r.startsWith("equal priority")) {
            return HIGHER_PRIORITY;
        }
        if (r.startsWith("track ")) {
            return TRACKING;
        }
        if (r.equals("shutdown")) {
            return SHUTDOWN;
        }
        return OTHER;
    }

    /** The metrics label value, e.g. {@code master_down}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}

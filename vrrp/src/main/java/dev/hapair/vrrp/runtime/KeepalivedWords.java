package dev.hapair.vrrp.runtime;

import dev.hapair.vrrp.fsm.VrrpState;

/**
 * keepalived 2.2.7's wording of the lines operators alert on (read off its output), so rules written for
 * keepalived's syslog keep matching: {@code (VI_1) Entering MASTER STATE}, {@code (VI_1) Entering BACKUP STATE
 * (init)} at start, {@code (VI_1) Entering FAULT STATE}.
 */
final class KeepalivedWords {
    private KeepalivedWords() {}

    /** The line for a transition, or null for one keepalived does not log (to INIT, when stopping). */
    static String entering(String instance, VrrpState from, VrrpState to) {
        if (to == VrrpState.INIT) return null;
        return "(" + instance + ") Entering " + to + " STATE" + (from == VrrpState.INIT ? " (init)" : "");
    }
}

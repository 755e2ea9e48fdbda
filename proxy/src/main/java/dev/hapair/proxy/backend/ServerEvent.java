package dev.hapair.proxy.backend;

/**
 * A change of a server's state that HAProxy reports in its log: health-check verdicts and the admin states
 * (maintenance, drain). Emitted by {@link ServerRuntime} after the change took effect.
 *
 * @param kind  what happened
 * @param check the check that decided it ({@link LastCheck#NONE} for admin changes)
 * @param report for {@link Kind#CHECK_RESULT} the run's outcome, else null
 */
public record ServerEvent(Kind kind, LastCheck check, HealthCheckReport report) {

    public ServerEvent(Kind kind, LastCheck check) {
        this(kind, check, null);
    }

    /** The transitions HAProxy words differently. */
    public enum Kind {
        /** A check verdict took a server out (fall reached). */
        CHECK_DOWN,
        /** A check verdict brought it back (rise reached). */
        CHECK_UP,
        /** Put in maintenance while it was serving. */
        MAINT_FROM_UP,
        /** Put in maintenance while its checks had it down. */
        MAINT_FROM_DOWN,
        /** Left maintenance; serving again. */
        MAINT_LEAVE_READY,
        /** Left maintenance into drain (weight 0, still checked). */
        MAINT_LEAVE_DRAIN,
        /** Left maintenance, but its checks still have it down. */
        MAINT_LEAVE_DOWN,
        /** Drain set on a serving server. */
        DRAIN_ENTER,
        /** Drain cleared. */
        DRAIN_LEAVE,
        /** Forced into the stopping state (up, no new load-balanced traffic). */
        STOPPING,
        /**
         * A check run that moved the rise/fall counter or changed the check's status, reported only with
         * {@code option log-health-checks}; changes no state.
         */
        CHECK_RESULT
    }
}

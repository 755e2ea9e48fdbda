package dev.hapair.proxy.backend;

/** Administrative server states set by an operator (stats page, runtime API), as in HAProxy. */
public enum AdminFlag {
    /** Maintenance: no traffic at all, checks keep running but do not bring it back. */
    MAINT,
    /** Drain: no new traffic except sticky sessions; existing sessions finish. */
    DRAIN
}

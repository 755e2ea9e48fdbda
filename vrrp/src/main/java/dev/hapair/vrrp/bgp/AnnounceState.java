package dev.hapair.vrrp.bgp;

/** Where one {@code bgp_announce} block's routes stand. */
public enum AnnounceState {
    /** Not announced (start, or after {@code fall} failed evaluations). */
    WITHDRAWN,
    /** Announced to every neighbour. */
    ANNOUNCED,
    /** Planned stop: withdrawn and held so, whatever the health says, until the process exits. */
    DRAINING
}

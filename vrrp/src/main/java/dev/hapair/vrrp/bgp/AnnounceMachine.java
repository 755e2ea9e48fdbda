package dev.hapair.vrrp.bgp;

import java.util.Optional;

/**
 * The decision of one {@code bgp_announce} block, as pure code: fed with health evaluations, it announces after
 * {@code rise} healthy ones in a row and withdraws after {@code fall} unhealthy ones in a row. The daemon
 * evaluates every {@code interval} and at once whenever a tracker changes, so with {@code fall 1} a tracker
 * going down withdraws immediately. {@link #drain()} withdraws for good (planned stop).
 *
 * <p>A fresh machine does not know what ExaBGP announces: ExaBGP restarts its process when it dies, and keeps
 * the routes the dead one announced. So until the first announce, an unhealthy evaluation withdraws at once
 * (a withdraw of a route never announced is harmless), never leaving a predecessor's routes behind.
 */
public final class AnnounceMachine {
    private final int rise;
    private final int fall;
    private AnnounceState state = AnnounceState.WITHDRAWN;
    private int healthyRun;
    private int unhealthyRun;
    /** False until we have told ExaBGP something: what it announces is unknown until then. */
    private boolean told;

    public AnnounceMachine(int rise, int fall) {
        if (rise < 1 || fall < 1) {
            throw new IllegalArgumentException("rise and fall are at least 1");
        }
        this.rise = rise;
        this.fall = fall;
    }

    public AnnounceState state() {
        return state;
    }

    /** One evaluation; returns the action to take, if any. */
    public Optional<RouteAction> evaluate(boolean healthy, String why) {
        if (healthy) {
            healthyRun = Math.min(healthyRun + 1, rise);
            unhealthyRun = 0;
        } else {
            unhealthyRun = Math.min(unhealthyRun + 1, fall);
            healthyRun = 0;
        }
        switch (state) {
            case WITHDRAWN -> {
                if (!healthy && !told) {
                    told = true;
                    return Optional.of(new RouteAction(
                            RouteAction.Kind.WITHDRAW,
                            why + " (at start: withdrawing whatever an earlier run announced)"));
                }
                if (healthyRun >= rise) {
                    told = true;
                    state = AnnounceState.ANNOUNCED;
                    return Optional.of(new RouteAction(
                            RouteAction.Kind.ANNOUNCE,
                            why + (rise > 1 ? " (" + rise + " healthy evaluations in a row)" : "")));
                }
            }
            case ANNOUNCED -> {
                if (unhealthyRun >= fall) {
                    state = AnnounceState.WITHDRAWN;
                    return Optional.of(new RouteAction(
                            RouteAction.Kind.WITHDRAW,
                            why + (fall > 1 ? " (" + fall + " failed evaluations in a row)" : "")));
                }
            }
            case DRAINING -> {}
        }
        return Optional.empty();
    }

    /** Planned stop: withdraw (if announced) and never announce again. */
    public Optional<RouteAction> drain() {
        AnnounceState before = state;
        state = AnnounceState.DRAINING;
        return before == AnnounceState.ANNOUNCED
                ? Optional.of(new RouteAction(RouteAction.Kind.WITHDRAW, "planned stop: draining"))
                : Optional.empty();
    }
}

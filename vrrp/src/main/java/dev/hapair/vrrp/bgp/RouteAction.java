package dev.hapair.vrrp.bgp;

import java.util.Objects;

/** What the machine decided: send the block's routes, or take them back; {@code reason} goes to the log. */
public record RouteAction(Kind kind, String reason) {
    public enum Kind {
        ANNOUNCE,
        WITHDRAW
    }

    public RouteAction {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(reason, "reason");
    }
}

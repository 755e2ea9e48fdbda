package dev.hapair.vrrp.os;

import dev.hapair.vrrp.packet.MacAddress;
import java.util.Optional;

/**
 * What the kernel says about a link (RTM_NEWLINK / RTM_DELLINK). {@link #usable()} is keepalived's notion
 * of an interface that can carry VRRP: administratively up and running (carrier present); a deleted
 * interface is never usable.
 */
public record LinkState(
        int index, String name, Optional<MacAddress> mac, int flags, OperState operState, boolean deleted) {
    // <net/if.h>
    public static final int IFF_UP = 0x1;
    public static final int IFF_RUNNING = 0x40;
    public static final int IFF_MULTICAST = 0x1000;
    public static final int IFF_LOWER_UP = 0x10000;

    public boolean adminUp() {
        return (flags & IFF_UP) != 0;
    }

    public boolean running() {
        return (flags & IFF_RUNNING) != 0;
    }

    public boolean usable() {
        return !deleted && adminUp() && running();
    }

    /** A link that is gone: what a watcher sees after RTM_DELLINK or when the name disappears. */
    public static LinkState absent(String name) {
        return new LinkState(0, name, Optional.empty(), 0, OperState.NOTPRESENT, true);
    }
}

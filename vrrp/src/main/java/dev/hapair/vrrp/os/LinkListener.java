package dev.hapair.vrrp.os;

/**
 * Told when a watched interface becomes usable or unusable ({@link LinkState#usable()} flips). Called on
 * the monitor's thread: hand the event to the daemon's loop rather than acting here.
 */
@FunctionalInterface
public interface LinkListener {
    void onLinkChange(LinkState previous, LinkState current);
}

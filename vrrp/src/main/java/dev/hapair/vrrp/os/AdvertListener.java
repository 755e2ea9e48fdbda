package dev.hapair.vrrp.os;

/**
 * Receives packets from an {@link AdvertChannel}. Called on the channel's receiver thread: hand the packet
 * to the state machine's own thread (a queue) rather than deciding here. Exceptions are logged and dropped.
 */
@FunctionalInterface
public interface AdvertListener {
    void onPacket(ReceivedPacket packet);
}

package dev.hapair.vrrp.os;

/** Receives whole Ethernet frames (destination MAC first) from a {@link FrameReceiver}, on its thread. */
@FunctionalInterface
public interface FrameListener {
    void onFrame(byte[] ethernetFrame);
}

package dev.hapair.vrrp.os;

/**
 * Delivers the ARP frames other hosts put on one interface (never the ones this host sends) to a
 * {@link FrameListener}: how a master notices another host announcing its addresses.
 */
public interface FrameReceiver extends AutoCloseable {
    String interfaceName();

    /** Stops the receiver thread and releases the socket; idempotent. */
    @Override
    void close();
}

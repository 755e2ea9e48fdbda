package dev.hapair.vrrp.os;

/** Link state of interfaces and notification when they go down or come back (track_interface). */
public interface LinkMonitor extends AutoCloseable {
    /** The latest known state; {@link LinkState#absent(String)} for an unknown interface. */
    LinkState current(String interfaceName);

    /**
     * Calls the listener whenever the interface's usability flips, until the monitor is closed. Register
     * first, then read {@link #current}: a flip between the two is then seen by one or the other.
     */
    void watch(String interfaceName, LinkListener listener);

    @Override
    void close();
}

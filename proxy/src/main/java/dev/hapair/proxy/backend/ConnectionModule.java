package dev.hapair.proxy.backend;

/**
 * What HAProxy's {@code h1} and {@code h2} stats modules both count: the connections and streams open now and
 * ever opened. {@link H1Counters} and {@link H2Counters} add their own columns.
 */
public abstract class ConnectionModule {
    private final OpenAndTotal connections = new OpenAndTotal();
    private final OpenAndTotal streams = new OpenAndTotal();

    public final void connectionOpened() {
        connections.opened();
    }

    public final void connectionClosed() {
        connections.closed();
    }

    public final void streamOpened() {
        streams.opened();
    }

    public final void streamClosed() {
        streams.closed();
    }

    public final long openConnections() {
        return connections.open();
    }

    public final long openStreams() {
        return streams.open();
    }

    public final long totalConnections() {
        return connections.total();
    }

    public final long totalStreams() {
        return streams.total();
    }

    /** {@code clear counters}: the totals restart from zero (the modules are clearable); the gauges are state. */
    public void clear() {
        connections.clearTotal();
        streams.clearTotal();
    }
}

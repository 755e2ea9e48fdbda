package dev.hapair.proxy.backend;

/**
 * What HAProxy's {@code h1} and {@code h2} stats modules both count: the connections and streams open now and
 * ever opened. {@link H1Counters} and {@link H2Counters} add their own columns.
 */
public abstract class ConnectionModule {
    /** The counters of this module, its subclass's included ({@code 4 + own} of them). */
    protected final LoopAdder.Bank bank;

    private final OpenAndTotal connections;
    private final OpenAndTotal streams;

    /** @param own how many counters the subclass takes from {@link #bank} */
    protected ConnectionModule(int own) {
        bank = new LoopAdder.Bank(4 + own);
        connections = new OpenAndTotal(bank);
        streams = new OpenAndTotal(bank);
    }

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

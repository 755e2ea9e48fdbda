package dev.hapair.proxy.backend;

/**
 * HAProxy 2.6's per-proxy {@code h2} stats module ({@code h2_*} columns of {@code show stat}): frames received
 * from HTTP/2 peers (clients of a frontend, servers of a backend), the RST_STREAM and GOAWAY frames hapair sent
 * them, protocol errors it detected, and connections and (backend) streams.
 *
 * <p>As in HAProxy, the RST_STREAM and GOAWAY counted as sent are those sent on a detected error: a GOAWAY with
 * an error code (not NO_ERROR: a graceful close is no error), a RST_STREAM with a code other than NO_ERROR and
 * CANCEL (which end a stream nobody wants any more). A connection protocol error is such a GOAWAY, a stream
 * protocol error such a RST_STREAM with PROTOCOL_ERROR. SETTINGS frames count as haproxy 2.6.12 counts them,
 * measured here: every SETTINGS frame received, acknowledgements included, and the first of a connection
 * twice (a raw client sending one empty SETTINGS frame makes it count 2; curl's SETTINGS and ACK make 3).
 * Streams (the {@code h2_backend_*_streams} columns) are counted on frontends too, as HAProxy does.
 */
public final class H2Counters extends ConnectionModule {
    public H2Counters() {
        super(9);
    }

    /** The counted frame types, in HAProxy's column order. */
    public enum Frame {
        HEADERS,
        DATA,
        SETTINGS,
        RST_STREAM,
        GOAWAY
    }

    private final LoopAdder[] received = {bank.adder(), bank.adder(), bank.adder(), bank.adder(), bank.adder()};
    private final LoopAdder connectionErrors = bank.adder();
    private final LoopAdder streamErrors = bank.adder();
    private final LoopAdder rstSent = bank.adder();
    private final LoopAdder goawaySent = bank.adder();

    public void received(Frame f) {
        received[f.ordinal()].increment();
    }

    /** A RST_STREAM went out on an error hapair detected; {@code protocolError} when its code is PROTOCOL_ERROR. */
    public void rstSentOnError(boolean protocolError) {
        rstSent.increment();
        if (protocolError) streamErrors.increment();
    }

    /** A GOAWAY went out on an error hapair detected (its code is not NO_ERROR). */
    public void goawaySentOnError() {
        goawaySent.increment();
        connectionErrors.increment();
    }

    public long receivedCount(Frame f) {
        return received[f.ordinal()].sum();
    }

    public long connectionErrors() {
        return connectionErrors.sum();
    }

    public long streamErrors() {
        return streamErrors.sum();
    }

    public long rstSent() {
        return rstSent.sum();
    }

    public long goawaySent() {
        return goawaySent.sum();
    }

    /** {@code clear counters}: the totals restart from zero; the gauges are state. */
    @Override
    public void clear() {
        for (LoopAdder a : received) a.reset();
        super.clear();
        for (LoopAdder a : new LoopAdder[] {connectionErrors, streamErrors, rstSent, goawaySent}) a.reset();
    }
}

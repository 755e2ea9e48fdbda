package dev.hapair.proxy.backend;

import java.util.concurrent.atomic.LongAdder;

/**
 * HAProxy 2.6's per-proxy {@code h2} stats module ({@code h2_*} columns of {@code show stat}): frames received
 * from HTTP/2 peers (clients of a frontend, servers of a backend), the RST_STREAM and GOAWAY frames hapair sent
 * them, protocol errors it detected, and connections and (backend) streams.
 *
 * <p>A connection protocol error is a GOAWAY hapair sends with an error code other than NO_ERROR; a stream
 * protocol error is a RST_STREAM it sends with PROTOCOL_ERROR (HAProxy counts at the place it detects the
 * error, which is where it sends those frames).
 */
public final class H2Counters {
    /** The counted frame types, in HAProxy's column order. */
    public enum Frame {
        HEADERS,
        DATA,
        SETTINGS,
        RST_STREAM,
        GOAWAY
    }

    private final LongAdder[] received = {
        new LongAdder(), new LongAdder(), new LongAdder(), new LongAdder(), new LongAdder()
    };
    private final LongAdder connectionErrors = new LongAdder();
    private final LongAdder streamErrors = new LongAdder();
    private final LongAdder rstSent = new LongAdder();
    private final LongAdder goawaySent = new LongAdder();
    private final LongAdder openConnections = new LongAdder();
    private final LongAdder openStreams = new LongAdder();
    private final LongAdder totalConnections = new LongAdder();
    private final LongAdder totalStreams = new LongAdder();

    public void received(Frame f) {
        received[f.ordinal()].increment();
    }

    /** A RST_STREAM went out; {@code protocolError} when its code is PROTOCOL_ERROR. */
    public void rstSent(boolean protocolError) {
        rstSent.increment();
        if (protocolError) streamErrors.increment();
    }

    /** A GOAWAY went out; {@code error} when its code is not NO_ERROR. */
    public void goawaySent(boolean error) {
        goawaySent.increment();
        if (error) connectionErrors.increment();
    }

    public void connectionOpened() {
        totalConnections.increment();
        openConnections.increment();
    }

    public void connectionClosed() {
        openConnections.decrement();
    }

    public void streamOpened() {
        totalStreams.increment();
        openStreams.increment();
    }

    public void streamClosed() {
        openStreams.decrement();
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

    public long openConnections() {
        return openConnections.sum();
    }

    public long openStreams() {
        return openStreams.sum();
    }

    public long totalConnections() {
        return totalConnections.sum();
    }

    public long totalStreams() {
        return totalStreams.sum();
    }

    /** {@code clear counters}: the totals restart from zero; the gauges are state. */
    public void clear() {
        for (LongAdder a : received) a.reset();
        for (LongAdder a :
                new LongAdder[] {connectionErrors, streamErrors, rstSent, goawaySent, totalConnections, totalStreams})
            a.reset();
    }
}

package dev.hapair.proxy.backend;

import java.util.concurrent.atomic.LongAdder;

/**
 * HAProxy 2.6's per-proxy {@code h1} stats module ({@code h1_*} columns after the {@code -} of {@code show
 * stat}): HTTP/1 connections and streams of a frontend (client side) or backend (server side), and the bytes
 * the HTTP/1 layer read and wrote on them, heads included (after TLS, before any HTTP/2 framing: an HTTP/2
 * client connection is not counted here). A stream is one request on the connection. Spliced bytes are body
 * bytes the kernel moved between the two sockets without a copy through hapair ({@code option splice-*}); they
 * are counted in the bytes as well, as HAProxy counts them.
 */
public final class H1Counters {
    private final OpenAndTotal connections = new OpenAndTotal();
    private final OpenAndTotal streams = new OpenAndTotal();
    private final LongAdder bytesIn = new LongAdder();
    private final LongAdder bytesOut = new LongAdder();
    private final LongAdder splicedIn = new LongAdder();
    private final LongAdder splicedOut = new LongAdder();

    public void connectionOpened() {
        connections.opened();
    }

    public void connectionClosed() {
        connections.closed();
    }

    public void streamOpened() {
        streams.opened();
    }

    public void streamClosed() {
        streams.closed();
    }

    public void read(long n) {
        bytesIn.add(n);
    }

    public void written(long n) {
        bytesOut.add(n);
    }

    /** {@code n} bytes were received by splicing (also counted in {@link #bytesIn()}). */
    public void splicedIn(long n) {
        splicedIn.add(n);
        bytesIn.add(n);
    }

    /** {@code n} bytes were sent by splicing (also counted in {@link #bytesOut()}). */
    public void splicedOut(long n) {
        splicedOut.add(n);
        bytesOut.add(n);
    }

    public long openConnections() {
        return connections.open();
    }

    public long openStreams() {
        return streams.open();
    }

    public long totalConnections() {
        return connections.total();
    }

    public long totalStreams() {
        return streams.total();
    }

    public long bytesIn() {
        return bytesIn.sum();
    }

    public long bytesOut() {
        return bytesOut.sum();
    }

    public long splicedBytesIn() {
        return splicedIn.sum();
    }

    public long splicedBytesOut() {
        return splicedOut.sum();
    }

    /** {@code clear counters}: the totals restart from zero (HAProxy's module is clearable); the gauges are state. */
    public void clear() {
        connections.clearTotal();
        streams.clearTotal();
        for (LongAdder a : new LongAdder[] {bytesIn, bytesOut, splicedIn, splicedOut}) a.reset();
    }
}

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
    private final LongAdder openConnections = new LongAdder();
    private final LongAdder openStreams = new LongAdder();
    private final LongAdder totalConnections = new LongAdder();
    private final LongAdder totalStreams = new LongAdder();
    private final LongAdder bytesIn = new LongAdder();
    private final LongAdder bytesOut = new LongAdder();
    private final LongAdder splicedIn = new LongAdder();
    private final LongAdder splicedOut = new LongAdder();

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
        for (LongAdder a : new LongAdder[] {totalConnections, totalStreams, bytesIn, bytesOut, splicedIn, splicedOut})
            a.reset();
    }
}

package dev.hapair.proxy.backend;

/**
 * HAProxy 2.6's per-proxy {@code h1} stats module ({@code h1_*} columns after the {@code -} of {@code show
 * stat}): HTTP/1 connections and streams of a frontend (client side) or backend (server side), and the bytes
 * the HTTP/1 layer read and wrote on them, heads included (after TLS, before any HTTP/2 framing: an HTTP/2
 * client connection is not counted here). A stream is one request on the connection. The spliced bytes are the
 * body bytes that moved by kernel splicing ({@code option splice-*}): read from (in) or written to (out) this
 * side's connections; they count in the bytes in/out too.
 */
public final class H1Counters extends ConnectionModule {
    public H1Counters() {
        super(4);
    }

    private final LoopAdder bytesIn = bank.adder();
    private final LoopAdder bytesOut = bank.adder();
    private final LoopAdder splicedIn = bank.adder();
    private final LoopAdder splicedOut = bank.adder();

    /** {@code n} bytes were read from a connection of this side by splicing (bytes in as well). */
    public void splicedIn(long n) {
        splicedIn.add(n);
        bytesIn.add(n);
    }

    /** {@code n} bytes were written to a connection of this side by splicing (bytes out as well). */
    public void splicedOut(long n) {
        splicedOut.add(n);
        bytesOut.add(n);
    }

    public long splicedIn() {
        return splicedIn.sum();
    }

    public long splicedOut() {
        return splicedOut.sum();
    }

    public void read(long n) {
        bytesIn.add(n);
    }

    public void written(long n) {
        bytesOut.add(n);
    }

    public long bytesIn() {
        return bytesIn.sum();
    }

    public long bytesOut() {
        return bytesOut.sum();
    }

    /** {@code clear counters}: the totals restart from zero (HAProxy's module is clearable); the gauges are state. */
    @Override
    public void clear() {
        super.clear();
        for (LoopAdder a : new LoopAdder[] {bytesIn, bytesOut, splicedIn, splicedOut}) a.reset();
    }
}

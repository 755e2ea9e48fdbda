package dev.hapair.proxy.tls;

import dev.hapair.proxy.stick.FreqCtr;
import java.util.function.LongSupplier;

/**
 * The process's TLS counters as {@code show info} reports them (HAProxy 2.6: CurrSslConns, CumSslConns,
 * SslRate, MaxSslRate, SslFrontendKeyRate, SslFrontendMaxKeyRate, SslFrontendSessionReuse_pct,
 * SslBackendKeyRate, SslBackendMaxKeyRate). Endpoints are counted front and back; the rate of TLS
 * connections accepted by ssl binds over the last second; "keys" are full handshakes (not resumed), per
 * second; the reuse percentage compares the two frontend rates, so it describes the last second only, as
 * HAProxy's does. Process-wide like HAProxy's globals (kept across reloads). Thread-safe; the clock is
 * injected.
 */
public final class TlsCounters {

    /** The running process's counters. */
    public static final TlsCounters PROCESS = new TlsCounters(() -> System.nanoTime() / 1_000_000);

    private final LongSupplier clockMillis;
    private final FreqCtr accepted = new FreqCtr(1000);
    private final FreqCtr frontendKeys = new FreqCtr(1000);
    private final FreqCtr backendKeys = new FreqCtr(1000);
    private long current;
    private long cumulated;
    private long maxAcceptRate;
    private long maxFrontendKeyRate;
    private long maxBackendKeyRate;

    TlsCounters(LongSupplier clockMillis) {
        this.clockMillis = clockMillis;
    }

    /** A TLS endpoint (a client connection on an ssl bind, or a TLS connection to a server) starts. */
    public synchronized void opened() {
        current++;
        cumulated++;
    }

    /** That endpoint's connection closed. */
    public synchronized void closed() {
        current--;
    }

    /** A connection was accepted on an ssl bind. */
    public synchronized void accepted() {
        maxAcceptRate = Math.max(maxAcceptRate, accepted.add(clockMillis.getAsLong(), 1));
    }

    /** A handshake completed; {@code resumed} null when the provider cannot tell (counted as a full one). */
    public synchronized void handshaked(boolean frontend, Boolean resumed) {
        if (Boolean.TRUE.equals(resumed)) return;
        long now = clockMillis.getAsLong();
        if (frontend) {
            maxFrontendKeyRate = Math.max(maxFrontendKeyRate, frontendKeys.add(now, 1));
        } else {
            maxBackendKeyRate = Math.max(maxBackendKeyRate, backendKeys.add(now, 1));
        }
    }

    /** The values, read at one moment. */
    public record Snapshot(
            long current,
            long cumulated,
            long rate,
            long maxRate,
            long frontendKeyRate,
            long maxFrontendKeyRate,
            long reusePercent,
            long backendKeyRate,
            long maxBackendKeyRate) {}

    public synchronized Snapshot snapshot() {
        long now = clockMillis.getAsLong();
        long rate = accepted.read(now);
        long keys = frontendKeys.read(now);
        // HAProxy: 100 * (1 - keys / sessions) over the last second, 0 when there is no reuse to report
        long reuse = keys < rate ? 100 - (100 * keys + rate - 1) / rate : 0;
        return new Snapshot(
                current,
                cumulated,
                rate,
                maxAcceptRate,
                keys,
                maxFrontendKeyRate,
                reuse,
                backendKeys.read(now),
                maxBackendKeyRate);
    }

    /**
     * Whether {@code engine}'s handshake resumed a session: BoringSSL says so ({@code SSL_session_reused}); null
     * with the JDK provider. Read on the connection's event loop, where the engine is also freed, so a non-zero
     * pointer is a live one.
     */
    public static Boolean resumed(javax.net.ssl.SSLEngine engine) {
        if (!(engine instanceof io.netty.handler.ssl.ReferenceCountedOpenSslEngine e)) return null;
        long ssl = e.sslPointer();
        return ssl == 0 ? null : io.netty.internal.tcnative.SSL.isSessionReused(ssl);
    }

    /**
     * Counts {@code ch}, a TLS endpoint whose handshake {@code h} runs: open until the channel closes, and a
     * full or resumed handshake when it completes.
     */
    void track(io.netty.channel.Channel ch, io.netty.handler.ssl.SslHandler h, boolean frontend) {
        opened();
        ch.closeFuture().addListener(f -> closed());
        h.handshakeFuture().addListener(f -> {
            if (f.isSuccess()) handshaked(frontend, resumed(h.engine()));
        });
    }
}

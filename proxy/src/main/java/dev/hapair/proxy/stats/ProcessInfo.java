package dev.hapair.proxy.stats;

import java.util.function.IntSupplier;
import java.util.function.LongSupplier;

/**
 * Process-wide facts shown by {@code show info}, the stats page header and the process metrics.
 *
 * @param currentConnections connections the proxy currently holds (HAProxy's CurrConns)
 * @param clockMillis        wall clock, injected so uptime is testable
 */
public record ProcessInfo(
        String name,
        String version,
        String releaseDate,
        long pid,
        long startMillis,
        int nbthread,
        int maxconn,
        IntSupplier currentConnections,
        LongSupplier clockMillis) {

    public static final String NAME = "hapair-proxy";
    public static final String VERSION = "0.1.0";
    public static final String RELEASE_DATE = "2026/11/21";

    public static ProcessInfo current(int nbthread, int maxconn, IntSupplier currentConnections) {
        return new ProcessInfo(
                NAME,
                VERSION,
                RELEASE_DATE,
                ProcessHandle.current().pid(),
                System.currentTimeMillis(),
                nbthread,
                maxconn,
                currentConnections,
                System::currentTimeMillis);
    }

    public long uptimeMillis() {
        return Math.max(0, clockMillis.getAsLong() - startMillis);
    }

    public long nowMillis() {
        return clockMillis.getAsLong();
    }
}

package dev.hapair.proxy.backend;

import dev.hapair.proxy.config.HttpConnectionMode;
import dev.hapair.proxy.config.ProxyMode;
import java.net.SocketAddress;
import java.util.List;

/**
 * What the data path needs from a {@code frontend} (or {@code listen}) section.
 *
 * @param binds          listening addresses (port 0 picks a free port, for tests)
 * @param maxconn        concurrent connections accepted; more wait in the kernel backlog, 0 = unlimited
 * @param forwardFor     {@code option forwardfor} on the frontend, or null
 * @param log            which log line to emit, if any
 * @param http           HTTP/1 request limits: tune.bufsize, head size (tune.bufsize - tune.maxrewrite),
 *                       tune.http.maxhdr, option accept-invalid-http-request
 * @param smartAccept    {@code option tcp-smart-accept}: the listener's connections start with delayed ACKs
 *                       (TCP_QUICKACK off), so the kernel does not acknowledge the client's first data by itself
 *                       but with the proxy's answer; {@code [no] option tcp-smart-accept} as written, or null for
 *                       HAProxy's automatic value ({@link #smartAccept(boolean)}: on in {@code mode http} and on a
 *                       {@code bind ... ssl}, off otherwise)
 */
public record FrontendSettings(
        ProxyMode mode,
        List<SocketAddress> binds,
        int maxconn,
        Timeouts timeouts,
        HttpConnectionMode connectionMode,
        ForwardFor forwardFor,
        LogFormat log,
        boolean dontLogNull,
        dev.hapair.proxy.h1.H1Limits http,
        Boolean smartAccept) {
    public static final int DEFAULT_MAX_HEADER_BYTES = 16384 - 1024;

    public FrontendSettings {
        binds = List.copyOf(binds);
    }

    public static FrontendSettings http(List<SocketAddress> binds, Timeouts t) {
        return new FrontendSettings(
                ProxyMode.HTTP,
                List.<SocketAddress>copyOf(binds),
                0,
                t,
                HttpConnectionMode.KEEP_ALIVE,
                null,
                LogFormat.NONE,
                false,
                dev.hapair.proxy.h1.H1Limits.DEFAULTS,
                null);
    }

    public static FrontendSettings tcp(List<SocketAddress> binds, Timeouts t) {
        return new FrontendSettings(
                ProxyMode.TCP,
                List.<SocketAddress>copyOf(binds),
                0,
                t,
                HttpConnectionMode.KEEP_ALIVE,
                null,
                LogFormat.NONE,
                false,
                dev.hapair.proxy.h1.H1Limits.DEFAULTS,
                null);
    }

    public FrontendSettings withMaxconn(int m) {
        return new FrontendSettings(
                mode, binds, m, timeouts, connectionMode, forwardFor, log, dontLogNull, http, smartAccept);
    }

    public FrontendSettings withLog(LogFormat l) {
        return new FrontendSettings(
                mode, binds, maxconn, timeouts, connectionMode, forwardFor, l, dontLogNull, http, smartAccept);
    }

    public FrontendSettings withForwardFor(ForwardFor f) {
        return new FrontendSettings(
                mode, binds, maxconn, timeouts, connectionMode, f, log, dontLogNull, http, smartAccept);
    }

    public FrontendSettings withConnectionMode(HttpConnectionMode c) {
        return new FrontendSettings(mode, binds, maxconn, timeouts, c, forwardFor, log, dontLogNull, http, smartAccept);
    }

    public FrontendSettings withMaxHeaderBytes(int n) {
        return new FrontendSettings(
                mode,
                binds,
                maxconn,
                timeouts,
                connectionMode,
                forwardFor,
                log,
                dontLogNull,
                http.withMaxHeadBytes(n),
                smartAccept);
    }

    public FrontendSettings withHttp(dev.hapair.proxy.h1.H1Limits limits) {
        return new FrontendSettings(
                mode, binds, maxconn, timeouts, connectionMode, forwardFor, log, dontLogNull, limits, smartAccept);
    }

    /**
     * Whether a listener of this frontend starts its connections with delayed ACKs: as written, else HAProxy 2.6's
     * automatic value, on in {@code mode http} and on a listener that terminates TLS ({@code bind ... ssl}, where
     * the client speaks first too: its ClientHello is acknowledged by the proxy's flight), off otherwise.
     */
    public boolean smartAccept(boolean tlsBind) {
        return smartAccept != null ? smartAccept : mode == ProxyMode.HTTP || tlsBind;
    }

    public FrontendSettings withSmartAccept(boolean on) {
        return new FrontendSettings(
                mode, binds, maxconn, timeouts, connectionMode, forwardFor, log, dontLogNull, http, on);
    }

    /** Request head size limit (HAProxy: tune.bufsize - tune.maxrewrite). */
    public int maxHeaderBytes() {
        return http.maxHeadBytes();
    }
}

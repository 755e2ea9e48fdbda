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
        dev.hapair.proxy.h1.H1Limits http) {
    public static final int DEFAULT_MAX_HEADER_BYTES = 16384 - 1024;

    public FrontendSettings {
        binds = List.copyOf(binds);
    }

    /**
     * HAProxy's {@code option tcp-smart-accept} default: on in {@code mode http}, where the client speaks first
     * and the proxy's answer carries the ACK of its first data; off in {@code mode tcp}. (An explicit
     * {@code [no] option tcp-smart-accept} is a tuning knob, see {@code TuningKeywords}.)
     */
    public boolean smartAccept() {
        return mode == ProxyMode.HTTP;
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
                dev.hapair.proxy.h1.H1Limits.DEFAULTS);
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
                dev.hapair.proxy.h1.H1Limits.DEFAULTS);
    }

    public FrontendSettings withMaxconn(int m) {
        return new FrontendSettings(mode, binds, m, timeouts, connectionMode, forwardFor, log, dontLogNull, http);
    }

    public FrontendSettings withLog(LogFormat l) {
        return new FrontendSettings(mode, binds, maxconn, timeouts, connectionMode, forwardFor, l, dontLogNull, http);
    }

    public FrontendSettings withForwardFor(ForwardFor f) {
        return new FrontendSettings(mode, binds, maxconn, timeouts, connectionMode, f, log, dontLogNull, http);
    }

    public FrontendSettings withConnectionMode(HttpConnectionMode c) {
        return new FrontendSettings(mode, binds, maxconn, timeouts, c, forwardFor, log, dontLogNull, http);
    }

    public FrontendSettings withMaxHeaderBytes(int n) {
        return new FrontendSettings(
                mode, binds, maxconn, timeouts, connectionMode, forwardFor, log, dontLogNull, http.withMaxHeadBytes(n));
    }

    public FrontendSettings withHttp(dev.hapair.proxy.h1.H1Limits limits) {
        return new FrontendSettings(
                mode, binds, maxconn, timeouts, connectionMode, forwardFor, log, dontLogNull, limits);
    }

    /** Request head size limit (HAProxy: tune.bufsize - tune.maxrewrite). */
    public int maxHeaderBytes() {
        return http.maxHeadBytes();
    }
}

package dev.hapair.proxy.config;

import dev.hapair.common.config.SourceLocation;
import java.util.List;
import java.util.Optional;

/**
 * The request of an HTTP health check ({@code option httpchk}, with what {@code http-check send} merged into it),
 * HAProxy 2.6's defaults filled in: OPTIONS / HTTP/1.0. Headers in configuration order; the probe adds
 * {@code Connection: close} unless one of them is a Connection header, and Content-Length with a body, as HAProxy
 * does.
 *
 * @param disableOn404 {@code http-check disable-on-404}: a 404 from an up server passes conditionally and puts the
 *     server into the stopping state (no new load-balanced traffic)
 * @param location the {@code option httpchk} line that enabled HTTP checks
 */
public record HttpCheckSpec(
        String method,
        String uri,
        String version,
        List<HttpCheckSend.Header> headers,
        Optional<String> body,
        boolean disableOn404,
        SourceLocation location) {

    public HttpCheckSpec {
        headers = List.copyOf(headers);
    }

    /** The check's request: {@code send}'s fields where it has them (null: none), HAProxy's defaults elsewhere. */
    static HttpCheckSpec of(HttpCheckSend send, boolean disableOn404, SourceLocation at) {
        if (send == null) send = HttpCheckSend.NONE;
        return new HttpCheckSpec(
                send.method().orElse("OPTIONS"),
                send.uri().orElse("/"),
                send.version().orElse("HTTP/1.0"),
                send.headers(),
                send.body(),
                disableOn404,
                at);
    }
}

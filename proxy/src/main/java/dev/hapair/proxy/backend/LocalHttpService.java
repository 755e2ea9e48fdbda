package dev.hapair.proxy.backend;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpRequest;

/**
 * A service the proxy answers itself instead of forwarding (stats page, {@code monitor-uri},
 * {@code /metrics}). The HTTP data path asks {@link #accepts} once per request head (after the
 * frontend's, or the chosen backend's, {@code http-request} rules); when it accepts, the request body
 * (bounded by {@link #MAX_BODY}) is collected and {@link #respond} builds the answer.
 */
public interface LocalHttpService {
    /** Largest request body kept for a local service (the stats admin form is a few hundred bytes). */
    int MAX_BODY = 64 * 1024;

    /** True when this request is for the service. Called on the event loop: must not block. */
    boolean accepts(HttpRequest head, RequestInfo info);

    /** Builds the answer; {@code body} is the request body (truncated to {@link #MAX_BODY}). */
    FullHttpResponse respond(HttpRequest head, RequestInfo info, byte[] body, ByteBufAllocator alloc);
}

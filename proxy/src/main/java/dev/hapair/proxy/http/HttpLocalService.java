package dev.hapair.proxy.http;

import dev.hapair.proxy.backend.RequestInfo;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpRequest;

/**
 * Something the proxy answers itself instead of forwarding (stats page, {@code monitor-uri}). Installed
 * on a frontend (checked before routing) or a backend (checked once the request is routed to it).
 * Runs on an event loop: it must not block. The request body, if any, is discarded by the caller.
 */
@FunctionalInterface
public interface HttpLocalService {
    /** The complete response, or null to let the request go on to the servers. */
    FullHttpResponse serve(HttpRequest request, RequestInfo info, ByteBufAllocator alloc);
}

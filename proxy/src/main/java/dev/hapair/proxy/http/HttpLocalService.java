package dev.hapair.proxy.http;

import dev.hapair.proxy.backend.RequestInfo;
import dev.hapair.proxy.h1.RequestHead;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.http.FullHttpResponse;

/**
 * Something the proxy answers itself instead of forwarding (stats page, {@code monitor-uri}). Installed
 * on a frontend (checked before routing) or a backend (checked once the request is routed to it).
 * Runs on an event loop: it must not block. The request body, if any, is discarded by the caller,
 * unless {@link #bodyHandler} asks for it (the stats page's admin form is a POST).
 */
@FunctionalInterface
public interface HttpLocalService {
    /** Largest request body collected for a {@link BodyHandler} (the admin form is a few hundred bytes). */
    int MAX_BODY = 64 * 1024;

    /** The complete response, or null to let the request go on to the servers. */
    FullHttpResponse serve(RequestHead request, RequestInfo info, ByteBufAllocator alloc);

    /**
     * Non-null when this service answers {@code request} only once its body is read: the caller then
     * collects the body (truncated to {@link #MAX_BODY}) and calls {@link BodyHandler#complete} instead of
     * {@link #serve}. Asked before {@link #serve}.
     */
    default BodyHandler bodyHandler(RequestHead request, RequestInfo info) {
        return null;
    }

    /** Answers a request from its head (given to {@link #bodyHandler}) and its body. */
    @FunctionalInterface
    interface BodyHandler {
        FullHttpResponse complete(byte[] body, ByteBufAllocator alloc);
    }
}

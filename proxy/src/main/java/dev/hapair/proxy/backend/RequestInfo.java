package dev.hapair.proxy.backend;

import java.net.InetSocketAddress;
import java.util.function.Function;

/**
 * What balancing may look at: client address, and for HTTP the request URI and headers. Hash-based
 * algorithms (source, uri, url_param, hdr) read it; round robin ignores it.
 *
 * @param header header lookup by (case-insensitive) name, null for TCP
 */
public record RequestInfo(InetSocketAddress client, String method, String uri, Function<String, String> header) {
    public static RequestInfo tcp(InetSocketAddress client) {
        return new RequestInfo(client, null, null, n -> null);
    }
}

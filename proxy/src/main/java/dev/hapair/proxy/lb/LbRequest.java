package dev.hapair.proxy.lb;

import java.net.InetAddress;

/**
 * What balancing may look at in a request. In TCP mode only {@link #sourceAddress()} is meaningful; the
 * HTTP defaults return null ("absent"), which makes {@code uri}, {@code url_param} and {@code hdr} fall
 * back to round robin.
 */
public interface LbRequest {

    /** Client address, or null when unknown (e.g. a unix socket): {@code balance source} then round-robins. */
    InetAddress sourceAddress();

    /** Request target as received ({@code /a/b?x=1}, or absolute form), or null in TCP mode. */
    default String uri() {
        return null;
    }

    /** First value of the query parameter {@code name}, or null when absent. */
    default String queryParameter(String name) {
        return QueryStrings.firstValue(uri(), name);
    }

    /** Value of the first occurrence of header {@code name} (case-insensitive), or null when absent. */
    default String header(String name) {
        return null;
    }

    /** A request that only carries a client address (TCP mode). */
    static LbRequest ofSource(InetAddress source) {
        return () -> source;
    }
}

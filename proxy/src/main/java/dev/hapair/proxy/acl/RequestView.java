package dev.hapair.proxy.acl;

import dev.hapair.proxy.sample.SampleContext;
import dev.hapair.proxy.sample.Uris;
import java.net.InetAddress;
import java.util.List;

/**
 * The parts of a request ACLs can fetch. The HTTP layer implements it over its decoded request head; in
 * TCP mode the HTTP methods return null / empty lists and HTTP fetches simply do not match.
 */
public interface RequestView {

    /** Request method as received ({@code GET}), or null in TCP mode. */
    String method();

    /** Request target as received ({@code /a?b=1} or absolute form), or null in TCP mode. */
    String uri();

    /** Path of {@link #uri()}: scheme, authority and query removed. */
    default String path() {
        return Uris.path(uri());
    }

    /** Query string after the first {@code ?} (without it), or null when there is none. */
    default String query() {
        return Uris.query(uri());
    }

    /** Every field value of header {@code name} (case-insensitive), in order, as received (not comma-split). */
    List<String> headers(String name);

    /** HTTP version as "1.0" / "1.1", or null in TCP mode. */
    default String httpVersion() {
        return null;
    }

    /** Client address. */
    InetAddress sourceAddress();

    /** Client port, or -1 when unknown. */
    default int sourcePort() {
        return -1;
    }

    /** Local address the client connected to, or null when unknown. */
    default InetAddress destinationAddress() {
        return null;
    }

    /** Local port the client connected to, or -1 when unknown. */
    int destinationPort();

    /** True when the client connection is TLS ({@code ssl_fc}). */
    default boolean secure() {
        return false;
    }

    /** The client connection's completed TLS handshake, or null (plaintext, or not known to this view). */
    default dev.hapair.proxy.sample.TlsFacts tls() {
        return null;
    }

    /** The full transaction context (variables, response...) when the proxy attached one, else null. */
    default SampleContext context() {
        return null;
    }

    /** This request seen by the sample engine, with {@code backends} answering {@code nbsrv()}. */
    static SampleContext context(RequestView request, BackendStates backends) {
        return new RequestViewContext(request, backends);
    }
}

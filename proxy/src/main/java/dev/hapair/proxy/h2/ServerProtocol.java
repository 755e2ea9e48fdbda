package dev.hapair.proxy.h2;

/** What hapair-proxy speaks to one server ({@code proto} / {@code alpn} on its {@code server} line). */
public enum ServerProtocol {
    /** HTTP/1.1 (the default). */
    H1,
    /**
     * HTTP/2: {@code proto h2} (h2c with prior knowledge to a clear server), or {@code ssl alpn h2}; requests
     * become streams over shared, multiplexed connections.
     */
    H2
}

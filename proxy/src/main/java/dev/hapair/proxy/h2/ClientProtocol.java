package dev.hapair.proxy.h2;

/** What a listening address speaks to its clients (after TLS, if any). */
public enum ClientProtocol {
    /** HTTP/1.x only (a clear bind, or a TLS bind that does not offer {@code h2}). */
    H1,
    /** HTTP/2 from the first byte: {@code proto h2} (h2c with prior knowledge on a clear bind). */
    H2,
    /** A TLS bind offering {@code h2} by ALPN: HTTP/2 when the client picks it, HTTP/1.x otherwise. */
    ALPN
}

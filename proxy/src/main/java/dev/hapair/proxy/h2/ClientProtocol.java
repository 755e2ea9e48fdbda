package dev.hapair.proxy.h2;

/** What a listening address speaks to its clients (after TLS, if any). */
public enum ClientProtocol {
    /** HTTP/1.x only (a clear bind, {@code proto h1}, or {@code mode tcp}). */
    H1,
    /** HTTP/2 from the first byte: {@code proto h2} (h2c with prior knowledge on a clear bind). */
    H2,
    /** A TLS bind in {@code mode http}: HTTP/2 when ALPN picked {@code h2}, HTTP/1.x otherwise. */
    ALPN
}

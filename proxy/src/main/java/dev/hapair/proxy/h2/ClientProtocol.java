package dev.hapair.proxy.h2;

/** What a listening address speaks to its clients (after TLS, if any). */
public enum ClientProtocol {
    /** HTTP/1.x only: {@code proto h1} on the bind line, or {@code mode tcp}. */
    H1,
    /**
     * HTTP/1.x, or HTTP/2 when the connection starts with the HTTP/2 preface (HAProxy's implicit upgrade of a
     * clear bind without {@code proto}; {@code option disable-h2-upgrade} turns it off, giving {@link #H1}).
     */
    H1_OR_H2,
    /** HTTP/2 from the first byte: {@code proto h2} (h2c with prior knowledge on a clear bind). */
    H2,
    /**
     * A TLS bind in {@code mode http}: HTTP/2 when ALPN picked {@code h2}, HTTP/1.x otherwise (upgraded to
     * HTTP/2 by a preface as {@link #H1_OR_H2}).
     */
    ALPN,
    /** {@link #ALPN} with {@code option disable-h2-upgrade}: HTTP/1.x when ALPN did not pick {@code h2}. */
    ALPN_NO_UPGRADE;

    /** Whether an HTTP/1 connection of this kind becomes HTTP/2 when it starts with the preface. */
    public boolean upgradesOnPreface() {
        return this == H1_OR_H2 || this == ALPN;
    }
}

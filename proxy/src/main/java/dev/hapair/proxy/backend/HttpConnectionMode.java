package dev.hapair.proxy.backend;

/** How HTTP connections are kept: {@code option http-keep-alive} (default), {@code http-server-close}, {@code httpclose}. */
public enum HttpConnectionMode {
    /** Both sides stay open between requests; server connections are reused. */
    KEEP_ALIVE,
    /** Client side stays open, server connection closed after each response. */
    SERVER_CLOSE,
    /** Both sides closed after each exchange. */
    CLOSE
}

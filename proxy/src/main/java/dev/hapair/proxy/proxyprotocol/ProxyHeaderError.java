package dev.hapair.proxy.proxyprotocol;

/** Why a connection expected to start with a PROXY protocol header was refused; texts as HAProxy logs them. */
public enum ProxyHeaderError {
    /** The client closed before a complete header. */
    EMPTY("Connection closed while waiting for PROXY protocol header"),
    /** A socket error before a complete header. */
    ABORT("Connection error while waiting for PROXY protocol header"),
    /** {@code timeout client} expired before a complete header. */
    TIMEOUT("Timeout while waiting for PROXY protocol header"),
    /** The header does not fit the bounded buffer (v1: 107 bytes; v2: {@code tune.bufsize}). */
    TRUNCATED("Truncated PROXY protocol header received"),
    /** Neither the v1 {@code PROXY } prefix nor the v2 signature. */
    NOT_HDR("Received something which does not look like a PROXY protocol header"),
    /** Recognised but malformed (bad address, port, length, terminator). */
    BAD_HDR("Received an invalid PROXY protocol header"),
    /** A v1 protocol other than TCP4, TCP6 and UNKNOWN, or a v2 command other than LOCAL and PROXY. */
    BAD_PROTO("Received an unhandled protocol in the PROXY protocol header");

    private final String message;

    ProxyHeaderError(String message) {
        this.message = message;
    }

    public String message() {
        return message;
    }
}

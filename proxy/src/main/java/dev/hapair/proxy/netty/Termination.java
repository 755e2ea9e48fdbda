package dev.hapair.proxy.netty;

/**
 * HAProxy's session termination state, the two letters of the log line: who or what ended the session
 * (first letter) and in which phase (second letter). Only the pairs hapair produces are listed.
 */
enum Termination {
    /** Normal end. */
    NORMAL("--"),
    /** The client closed before its request was complete. */
    CLIENT_ABORT_REQUEST("CR"),
    /** The client closed while its request waited in a queue for a server slot. */
    CLIENT_ABORT_QUEUE("CQ"),
    /** The client closed while we waited for a server connection. */
    CLIENT_ABORT_CONNECT("CC"),
    /** The client closed while we waited for the response head. */
    CLIENT_ABORT_HEADERS("CH"),
    /** The client closed during the data phase. */
    CLIENT_ABORT_DATA("CD"),
    /** The client did not send a complete request in time ({@code timeout http-request}). */
    CLIENT_TIMEOUT_REQUEST("cR"),
    /** The client stopped sending or reading during the data phase ({@code timeout client}). */
    CLIENT_TIMEOUT_DATA("cD"),
    /** No server could be connected (or none was available). */
    SERVER_CONNECT("SC"),
    /** The server closed or failed before a complete response head. */
    SERVER_ABORT_HEADERS("SH"),
    /** The server closed during the data phase. */
    SERVER_ABORT_DATA("SD"),
    /** The request waited too long in the queue. */
    SERVER_TIMEOUT_QUEUE("sQ"),
    /** The server did not answer in time ({@code timeout server}). */
    SERVER_TIMEOUT_HEADERS("sH"),
    /** The server stopped sending during the data phase. */
    SERVER_TIMEOUT_DATA("sD"),
    /**
     * The proxy answered the request itself as configured: {@code http-request return|redirect|auth}, the stats
     * page, {@code use-service}.
     */
    LOCAL_REQUEST("LR"),
    /** The proxy refused the request: invalid, or denied by a rule. */
    PROXY_REQUEST("PR"),
    /** {@code http-request tarpit}: held for {@code timeout tarpit}, then answered. */
    PROXY_TARPIT("PT"),
    /** The proxy refused the server's response head (invalid). */
    PROXY_HEADERS("PH"),
    /** The proxy refused a message body's framing after its head was forwarded. */
    PROXY_DATA("PD"),
    /** Killed by an administrator ({@code shutdown session(s)}) while the request was read. */
    KILLED_REQUEST("KR"),
    /** Killed while waiting in a queue. */
    KILLED_QUEUE("KQ"),
    /** Killed while waiting for a server connection. */
    KILLED_CONNECT("KC"),
    /** Killed while waiting for the response head. */
    KILLED_HEADERS("KH"),
    /** Killed during the data phase. */
    KILLED_DATA("KD");

    private final String code;

    Termination(String code) {
        this.code = code;
    }

    /** A session an administrator killed: 'K' and the phase {@code t} (a client abort of that phase) was in. */
    static Termination killed(Termination t) {
        return switch (t) {
            case CLIENT_ABORT_REQUEST -> KILLED_REQUEST;
            case CLIENT_ABORT_QUEUE -> KILLED_QUEUE;
            case CLIENT_ABORT_CONNECT -> KILLED_CONNECT;
            case CLIENT_ABORT_HEADERS -> KILLED_HEADERS;
            case CLIENT_ABORT_DATA, NORMAL -> KILLED_DATA;
            default -> t; // it had ended otherwise already
        };
    }

    /** The client closed, reset or timed out during the data phase: HAProxy counts a client abort. */
    boolean clientAbort() {
        return this == CLIENT_ABORT_DATA || this == CLIENT_TIMEOUT_DATA;
    }

    /** The server closed, reset or timed out during the data phase: HAProxy counts a server abort. */
    boolean serverAbort() {
        return this == SERVER_ABORT_DATA || this == SERVER_TIMEOUT_DATA;
    }

    /** The two letters as logged. */
    String code() {
        return code;
    }
}

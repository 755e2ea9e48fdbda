package dev.hapair.proxy.h2;

/**
 * A stream that cannot be served: malformed in RFC 9113's sense (answered with RST_STREAM PROTOCOL_ERROR, as
 * section 8.1.1 requires) or refused with a local response ({@link #status} not 0, e.g. 400 for a method that
 * is not a token, as HAProxy answers).
 */
public final class StreamRefused extends Exception {
    private final int status;

    private StreamRefused(int status, String reason) {
        super(reason, null, false, false);
        this.status = status;
    }

    /** A malformed message: the stream is reset with PROTOCOL_ERROR. */
    public static StreamRefused malformed(String reason) {
        return new StreamRefused(0, reason);
    }

    /** A request answered locally with {@code status} (and the HTTP/1 engine never sees it). */
    public static StreamRefused answered(int status, String reason) {
        return new StreamRefused(status, reason);
    }

    /** The local response's status, or 0 when the stream is reset. */
    public int status() {
        return status;
    }
}

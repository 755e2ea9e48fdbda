package dev.hapair.proxy.h1;

/**
 * How the body of a message is delimited, decided once from its head (RFC 9112 section 6).
 *
 * @param kind   the delimitation
 * @param length body length for {@link Kind#LENGTH}, else -1
 */
public record BodyFraming(Kind kind, long length) {
    public enum Kind {
        /** No body at all (request without length, HEAD/204/304 response, 1xx). */
        NONE,
        /** Exactly {@link #length} bytes ({@code Content-Length}). */
        LENGTH,
        /** {@code Transfer-Encoding} ending in {@code chunked}. */
        CHUNKED,
        /** Response delimited by the server closing (no length, or transfer-coding not ending in chunked). */
        UNTIL_CLOSE
    }

    public static final BodyFraming NONE = new BodyFraming(Kind.NONE, -1);
    public static final BodyFraming CHUNKED = new BodyFraming(Kind.CHUNKED, -1);
    public static final BodyFraming UNTIL_CLOSE = new BodyFraming(Kind.UNTIL_CLOSE, -1);

    public static BodyFraming length(long n) {
        if (n == 0) return NONE;
        if (n > 0 && n <= SHARED_LENGTHS) {
            BodyFraming f = LENGTHS[(int) n - 1];
            if (f == null) LENGTHS[(int) n - 1] = f = new BodyFraming(Kind.LENGTH, n);
            return f;
        }
        return new BodyFraming(Kind.LENGTH, n);
    }

    /**
     * Small lengths (most responses carry a small sized body) share one framing each, made on first use: one
     * object fewer per message. A record of final fields may be published by a racy array store: another loop
     * sees either null (and makes its own, equal one) or the complete framing.
     */
    private static final int SHARED_LENGTHS = 1024;

    private static final BodyFraming[] LENGTHS = new BodyFraming[SHARED_LENGTHS];

    /** True when bytes follow the head. */
    public boolean hasBody() {
        return kind != Kind.NONE;
    }
}

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
        return n == 0 ? NONE : new BodyFraming(Kind.LENGTH, n);
    }

    /** True when bytes follow the head. */
    public boolean hasBody() {
        return kind != Kind.NONE;
    }
}

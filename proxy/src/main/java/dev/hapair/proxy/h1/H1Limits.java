package dev.hapair.proxy.h1;

/**
 * Parser and buffer limits, and relaxations, for one side of a proxy.
 *
 * @param bufsize       {@code tune.bufsize}: about two buffers of this size may wait per connection and direction
 *                      before reads on the other side pause
 * @param maxHeadBytes  largest head accepted (HAProxy: {@code tune.bufsize} - {@code tune.maxrewrite})
 * @param maxHeaders    {@code tune.http.maxhdr} (default 101); as in HAProxy, a head holds fewer fields than that
 * @param acceptInvalid {@code option accept-invalid-http-request} (request side) or
 *                      {@code option accept-invalid-http-response} (response side): header names may hold
 *                      any byte but CTLs and ':', and (requests) URIs may hold the characters RFC 3986
 *                      excludes other than CTLs and space, and a fragment. Framing rules are never relaxed.
 */
public record H1Limits(int bufsize, int maxHeadBytes, int maxHeaders, boolean acceptInvalid) {
    public static final int DEFAULT_BUFSIZE = 16384;
    public static final int DEFAULT_MAXREWRITE = 1024;
    public static final int DEFAULT_MAXHDR = 101;
    public static final H1Limits DEFAULTS =
            new H1Limits(DEFAULT_BUFSIZE, DEFAULT_BUFSIZE - DEFAULT_MAXREWRITE, DEFAULT_MAXHDR, false);

    public H1Limits {
        if (maxHeadBytes < 64) throw new IllegalArgumentException("maxHeadBytes too small: " + maxHeadBytes);
        if (maxHeaders < 1) throw new IllegalArgumentException("maxHeaders must be positive: " + maxHeaders);
    }

    /** Size of HAProxy 2.6's HTX buffer header ({@code sizeof(struct htx)}), taken from the buffer a head fills. */
    static final int HTX_HEADER = 44;

    /**
     * Largest head once converted as HAProxy 2.6 converts it (see {@code HeadParser}): its HTX buffer is {@code
     * tune.bufsize} less {@code tune.maxrewrite} and less its own header. Measured on 2.6.12 with the defaults: a
     * head of 15,316 converted bytes passes and one more byte is a 400 (request) or 502 (response), whatever the
     * number of fields; the raw bytes of that head are fewer ({@code ": "} and CRLF cost 4 bytes, a block 8).
     */
    public int maxConvertedHeadBytes() {
        return maxHeadBytes - HTX_HEADER;
    }

    public H1Limits withAcceptInvalid(boolean on) {
        if (on == acceptInvalid) return this; // (asked for every client connection: no object when unchanged)
        return new H1Limits(bufsize, maxHeadBytes, maxHeaders, on);
    }

    public H1Limits withMaxHeadBytes(int n) {
        return new H1Limits(bufsize, n, maxHeaders, acceptInvalid);
    }
}

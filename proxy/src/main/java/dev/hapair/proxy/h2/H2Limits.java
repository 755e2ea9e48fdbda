package dev.hapair.proxy.h2;

/**
 * What one HTTP/2 client connection may use, announced in our SETTINGS and enforced by the codec.
 *
 * @param maxConcurrentStreams {@code tune.h2.max-concurrent-streams} (HAProxy's default 100): a HEADERS frame
 *                             opening one more stream is refused with RST_STREAM(REFUSED_STREAM)
 * @param headerTableSize      {@code tune.h2.header-table-size} (default 4096, at most 65536): the HPACK
 *                             dynamic table the client may make us keep, per connection
 * @param initialWindowSize    {@code tune.h2.initial-window-size} (default 65535): request body bytes a
 *                             client may send on a stream before we acknowledge them
 * @param maxFrameSize         {@code tune.h2.max-frame-size} (default max(16384, tune.bufsize), never above the
 *                             buffer size)
 * @param maxHeaderListSize    SETTINGS_MAX_HEADER_LIST_SIZE: the decoded header list (RFC 9113 size: name +
 *                             value + 32 per field) of one request; the head must fit the HTTP/1 engine's
 *                             head limit anyway ({@code tune.bufsize} - {@code tune.maxrewrite})
 */
public record H2Limits(
        int maxConcurrentStreams, int headerTableSize, int initialWindowSize, int maxFrameSize, int maxHeaderListSize) {

    public static final int DEFAULT_MAX_CONCURRENT_STREAMS = 100;
    public static final int DEFAULT_HEADER_TABLE_SIZE = 4096;
    public static final int MAX_HEADER_TABLE_SIZE = 65536;
    public static final int DEFAULT_INITIAL_WINDOW_SIZE = 65535;
    public static final int MIN_FRAME_SIZE = 16384;
    public static final int MAX_FRAME_SIZE = 16777215;

    /** RST_STREAM frames a client may send (rapid reset, CVE-2023-44487) per window before the connection closes. */
    public static final int MAX_RST_PER_WINDOW = 200;

    public static final int RST_WINDOW_SECONDS = 30;

    /** CONTINUATION frames smaller than 8 KiB in a row before the connection closes (CONTINUATION flood). */
    public static final int MAX_SMALL_CONTINUATION_FRAMES = 16;

    /** Empty DATA frames in a row (without END_STREAM) before the connection closes. */
    public static final int MAX_CONSECUTIVE_EMPTY_DATA_FRAMES = 2;

    /** Control frames (PING, SETTINGS acks, RST_STREAM) we may have queued for a client that does not read. */
    public static final int MAX_QUEUED_CONTROL_FRAMES = 10000;

    public H2Limits {
        if (maxConcurrentStreams < 1) throw new IllegalArgumentException("maxConcurrentStreams < 1");
        if (headerTableSize < 0 || headerTableSize > MAX_HEADER_TABLE_SIZE)
            throw new IllegalArgumentException("headerTableSize out of range: " + headerTableSize);
        if (initialWindowSize < 0) throw new IllegalArgumentException("initialWindowSize < 0");
        if (maxFrameSize < MIN_FRAME_SIZE || maxFrameSize > MAX_FRAME_SIZE)
            throw new IllegalArgumentException("maxFrameSize out of range: " + maxFrameSize);
        if (maxHeaderListSize < 1024) throw new IllegalArgumentException("maxHeaderListSize < 1024");
    }

    /** HAProxy's defaults for a given {@code tune.bufsize} and head limit. */
    public static H2Limits defaults(int bufsize, int maxHeadBytes) {
        return new H2Limits(
                DEFAULT_MAX_CONCURRENT_STREAMS,
                DEFAULT_HEADER_TABLE_SIZE,
                DEFAULT_INITIAL_WINDOW_SIZE,
                Math.max(MIN_FRAME_SIZE, Math.min(bufsize, MAX_FRAME_SIZE)),
                Math.max(1024, maxHeadBytes));
    }

    public static final H2Limits DEFAULTS = defaults(16384, 16384 - 1024);
}

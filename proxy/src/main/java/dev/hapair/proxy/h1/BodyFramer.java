package dev.hapair.proxy.h1;

import io.netty.buffer.ByteBuf;

/**
 * Walks the body bytes that follow a head, according to its {@link BodyFraming}: says how many of the
 * available bytes belong to the message (they are then forwarded exactly as received) and when it ends.
 * Chunked bodies are validated byte by byte on their framing lines and skipped in bulk on their data;
 * anything invalid is refused before a single byte of the offending read is forwarded, and nothing is ever
 * synthesised (a truncated message stays truncated and its connections are closed).
 */
public final class BodyFramer {
    /**
     * Largest chunk size accepted: 2^52 - 1 (13 hex digits; leading zeros do not count). HAProxy 2.6 refuses
     * larger sizes (400 / 502) so that no peer whose integers are floats ever sees a size it cannot hold; a
     * larger size that hapair forwarded would be framing HAProxy refuses.
     */
    static final long MAX_CHUNK_SIZE = (1L << 52) - 1;

    /** Longest chunk-size line (size, whitespace, extensions) and trailer section accepted. */
    static final int MAX_LINE = 4096;

    private enum State {
        SIZE_FIRST,
        SIZE,
        SIZE_WS,
        EXT,
        SIZE_LF,
        DATA,
        DATA_CR,
        DATA_LF,
        TRAILER_START,
        TRAILER_NAME,
        TRAILER,
        TRAILER_LF,
        END_LF,
        DONE
    }

    private BodyFraming framing;
    private State state;
    private long remaining;
    private long chunkSize;
    private int lineBytes;
    private int trailerBytes;
    private int trailerFields;
    private int nameBytes;
    /** {@code tune.http.maxhdr}: as for a head, a trailer section holds fewer fields than that. */
    private int maxHeaders = H1Limits.DEFAULT_MAXHDR;

    private long total;

    /** Shared by every message without a body: it is done from the start and never changes. */
    private static final BodyFramer NONE = new BodyFramer(BodyFraming.NONE);

    /** A framer for {@code framing}: a new one, or the shared one for no body (nothing to track). */
    public static BodyFramer of(BodyFraming framing) {
        return of(framing, null, H1Limits.DEFAULT_MAXHDR);
    }

    /** As {@link #of(BodyFraming)}, trailers limited by {@code tune.http.maxhdr} ({@code maxHeaders}). */
    public static BodyFramer of(BodyFraming framing, int maxHeaders) {
        return of(framing, null, maxHeaders);
    }

    /**
     * A framer for {@code framing}, made from {@code spare} (a framer of an ended message its caller owns, which
     * nothing else uses any more; null when none) when it can be: one object fewer per message.
     */
    public static BodyFramer of(BodyFraming framing, BodyFramer spare) {
        return of(framing, spare, H1Limits.DEFAULT_MAXHDR);
    }

    /** As {@link #of(BodyFraming, BodyFramer)}, trailers limited by {@code tune.http.maxhdr} ({@code maxHeaders}). */
    public static BodyFramer of(BodyFraming framing, BodyFramer spare, int maxHeaders) {
        if (framing.kind() == BodyFraming.Kind.NONE) return NONE;
        BodyFramer f = spare == null || spare == NONE ? new BodyFramer(framing) : spare;
        if (f == spare) f.start(framing);
        f.maxHeaders = maxHeaders;
        return f;
    }

    public BodyFramer(BodyFraming framing) {
        start(framing);
    }

    /** Every field as a new framer for {@code framing} has it. */
    private void start(BodyFraming framing) {
        this.framing = framing;
        remaining = 0;
        chunkSize = 0;
        lineBytes = 0;
        trailerBytes = 0;
        trailerFields = 0;
        nameBytes = 0;
        total = 0;
        switch (framing.kind()) {
            case NONE -> state = State.DONE;
            case LENGTH -> {
                remaining = framing.length();
                state = State.DATA;
            }
            case CHUNKED -> state = State.SIZE_FIRST;
            case UNTIL_CLOSE -> state = State.DATA;
        }
    }

    /** True once the message has ended; the bytes after it belong to the next message. */
    public boolean isDone() {
        return state == State.DONE;
    }

    /** Body bytes accepted so far. */
    public long total() {
        return total;
    }

    /**
     * Examines {@code in} from its reader index without consuming it; returns how many bytes belong to this
     * message (possibly all, possibly 0).
     */
    public int advance(ByteBuf in) throws H1Exception {
        int n = in.readableBytes();
        int r =
                switch (framing.kind()) {
                    case NONE -> 0;
                    case UNTIL_CLOSE -> n;
                    case LENGTH -> {
                        int take = (int) Math.min(n, remaining);
                        remaining -= take;
                        if (remaining == 0) state = State.DONE;
                        yield take;
                    }
                    case CHUNKED -> chunked(in, in.readerIndex(), n);
                };
        if (r != 0) total += r; // (never written for no body: that framer is shared)
        return r;
    }

    /**
     * Checks, without consuming them, the first {@code limit} bytes of {@code in} as the start of a body of this
     * {@code framing}: throws the error forwarding them would meet. Only a chunked body can have one (a sized or
     * close-delimited body is framed by construction). For a response's body bytes that came with its head: HAProxy
     * 2.6 parses everything its buffer received before any of it goes out, so a chunk error there is a 502 and not
     * a head relayed, then a cut connection.
     */
    public static void check(BodyFraming framing, ByteBuf in, int limit, int maxHeaders) throws H1Exception {
        if (framing.kind() != BodyFraming.Kind.CHUNKED || limit <= 0 || !in.isReadable()) return;
        BodyFramer f = new BodyFramer(framing);
        f.maxHeaders = maxHeaders;
        f.advance(in.slice(in.readerIndex(), Math.min(in.readableBytes(), limit)));
    }

    /**
     * Body bytes still expected: the rest of a sized body, -1 for one delimited by the close, 0 when done (a
     * chunked body, which is never moved in bulk, answers 0 too).
     */
    public long bulkRemaining() {
        if (state == State.DONE) return 0;
        return switch (framing.kind()) {
            case LENGTH -> remaining;
            case UNTIL_CLOSE -> -1;
            default -> 0;
        };
    }

    /**
     * {@code n} body bytes went to the peer without passing through here (kernel splicing): accounted as if
     * {@link #advance} had seen them. Only for sized and close-delimited bodies, within what is expected.
     */
    public void skipped(long n) {
        if (n == 0) return;
        long left = bulkRemaining();
        if (n < 0 || left == 0 || left > 0 && n > left) throw new IllegalArgumentException("cannot skip " + n);
        total += n;
        if (left > 0) {
            remaining -= n;
            if (remaining == 0) state = State.DONE;
        }
    }

    /**
     * The connection delivering this body closed: fine for a body delimited by the close, an error
     * (truncated message) otherwise.
     */
    public void closed() throws H1Exception {
        if (framing.kind() == BodyFraming.Kind.UNTIL_CLOSE) {
            state = State.DONE;
        } else if (state != State.DONE) {
            throw new H1Exception(
                    "connection closed in the middle of the body", (int) Math.min(total, Integer.MAX_VALUE));
        }
    }

    private int chunked(ByteBuf in, int from, int n) throws H1Exception {
        int i = 0;
        while (i < n && state != State.DONE) {
            if (state == State.DATA) {
                int take = (int) Math.min(n - i, remaining);
                i += take;
                remaining -= take;
                if (remaining == 0) state = State.DATA_CR;
                continue;
            }
            int c = in.getByte(from + i) & 0xff;
            int at = (int) Math.min(total + i, Integer.MAX_VALUE);
            if (++lineBytes > MAX_LINE) throw new H1Exception("chunk line too long", at);
            switch (state) {
                case SIZE_FIRST -> {
                    int d = hex(c);
                    if (d < 0) throw new H1Exception("invalid chunk size", at);
                    chunkSize = d;
                    state = State.SIZE;
                }
                case SIZE -> {
                    int d = hex(c);
                    if (d >= 0) {
                        chunkSize = chunkSize << 4 | d;
                        if (chunkSize > MAX_CHUNK_SIZE) throw new H1Exception("chunk size too large", at);
                    } else {
                        afterSize(c, at);
                    }
                }
                case SIZE_WS -> afterSize(c, at);
                case EXT -> {
                    // bytes above 0x7f too: HAProxy drops extensions when it re-chunks, we forward them, and a
                    // server's parser may choke on them (Netty's does); refused, deliberately stricter
                    if (c == '\r') state = State.SIZE_LF;
                    else if (c != '\t' && (c < 0x20 || c >= 0x7f))
                        throw new H1Exception("invalid character in chunk extension", at);
                }
                case SIZE_LF -> {
                    if (c != '\n') throw new H1Exception("bare CR in chunk size line", at);
                    lineBytes = 0;
                    if (chunkSize == 0) {
                        state = State.TRAILER_START;
                    } else {
                        remaining = chunkSize;
                        state = State.DATA;
                    }
                }
                case DATA_CR -> {
                    if (c != '\r') throw new H1Exception("chunk data longer than its size", at);
                    state = State.DATA_LF;
                }
                case DATA_LF -> {
                    if (c != '\n') throw new H1Exception("chunk data longer than its size", at);
                    lineBytes = 0;
                    state = State.SIZE_FIRST;
                }
                case TRAILER_START -> {
                    if (c == '\r') {
                        state = State.END_LF;
                    } else if (Chars.isToken(c)) {
                        nameBytes = 1;
                        state = State.TRAILER_NAME;
                    } else {
                        throw new H1Exception("invalid trailer field", at);
                    }
                }
                case TRAILER_NAME -> { // a field name is a token ended by its colon, as in a head (HAProxy: 400/502)
                    if (c == ':') state = State.TRAILER;
                    else if (!Chars.isToken(c)) throw new H1Exception("invalid trailer field name", at);
                    else if (++nameBytes > HeadParser.MAX_NAME)
                        throw new H1Exception("trailer name longer than " + HeadParser.MAX_NAME + " bytes", at);
                }
                case TRAILER -> {
                    if (c == '\r') state = State.TRAILER_LF;
                    else if (c != '\t' && (c < 0x20 || c == 0x7f))
                        throw new H1Exception("invalid character in trailer", at);
                }
                case TRAILER_LF -> {
                    if (c != '\n') throw new H1Exception("bare CR in trailer", at);
                    trailerBytes += lineBytes;
                    if (trailerBytes > MAX_LINE) throw new H1Exception("trailers too large", at);
                    // HAProxy 2.6 parses trailers as a head (h1_parse_msg_tlrs): tune.http.maxhdr - 1 fields at
                    // most (measured on 2.6.12: 100 pass, 101 are a 400 / 502); more would be forwarded where
                    // HAProxy refuses
                    if (++trailerFields >= maxHeaders)
                        throw new H1Exception("too many trailer fields (tune.http.maxhdr " + maxHeaders + ")", at);
                    lineBytes = 0;
                    state = State.TRAILER_START;
                }
                case END_LF -> {
                    if (c != '\n') throw new H1Exception("bare CR after last chunk", at);
                    state = State.DONE;
                }
                default -> throw new IllegalStateException(state.name());
            }
            i++;
        }
        return i;
    }

    /** After the size digits: optional whitespace, then extensions or the line end; a bare LF is refused. */
    private void afterSize(int c, int at) throws H1Exception {
        if (c == ' ' || c == '\t') state = State.SIZE_WS;
        else if (c == ';') state = State.EXT;
        else if (c == '\r') state = State.SIZE_LF;
        else if (c == '\n') throw new H1Exception("bare LF in chunk size line", at);
        else throw new H1Exception("invalid chunk size", at);
    }

    private static int hex(int c) {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        return -1;
    }
}

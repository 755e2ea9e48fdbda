package dev.hapair.proxy.h2;

import dev.hapair.proxy.h1.BodyFraming;
import dev.hapair.proxy.h1.H1Exception;
import dev.hapair.proxy.h1.H1Limits;
import dev.hapair.proxy.h1.HeadParser;
import dev.hapair.proxy.h1.HeadScanner;
import dev.hapair.proxy.h1.ResponseHead;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.Http2Headers;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Parses the HTTP/1.1 response the HTTP/1 engine writes for one stream (with the {@link dev.hapair.proxy.h1}
 * parser) into what HTTP/2 carries: interim (1xx) and final HEADERS with {@code :status} and the fields minus
 * the hop-by-hop ones ({@code connection} and the fields it names, {@code keep-alive},
 * {@code proxy-connection}, {@code transfer-encoding}, {@code upgrade}, {@code te}), then DATA: a body with a
 * length as it is, a chunked body de-chunked (its trailers become a trailing HEADERS frame), a body delimited
 * by the close until the engine closes the stream ({@link #close}). END_STREAM goes on the last frame.
 *
 * <p>The engine only writes what it already validated, so anything unparsable here is a bug, reported as
 * {@link H1Exception} (the stream is then reset).
 */
public final class ResponseTranslator {

    /** Where the frames go; each call takes ownership of the buffer it is given. */
    public interface Sink {
        void headers(Http2Headers headers, boolean endStream);

        void data(ByteBuf content, boolean endStream);
    }

    private enum State {
        HEAD,
        LENGTH,
        CHUNK_SIZE,
        CHUNK_DATA,
        CHUNK_DATA_END,
        TRAILERS,
        UNTIL_CLOSE,
        DONE
    }

    private static final Set<String> HOP_BY_HOP =
            Set.of("connection", "keep-alive", "proxy-connection", "transfer-encoding", "upgrade", "te");

    private final boolean headRequest;
    private final H1Limits limits;
    private final HeadScanner scanner;
    private State state = State.HEAD;
    private ByteBuf in;
    private long remaining;
    private Http2Headers trailers;

    /**
     * @param headRequest the request was HEAD: the response has no body whatever its head says
     * @param limits      head limits (the engine's, relaxed as it may have relayed)
     */
    public ResponseTranslator(boolean headRequest, H1Limits limits) {
        this.headRequest = headRequest;
        this.limits = limits;
        this.scanner = new HeadScanner(limits.maxHeadBytes(), false);
    }

    /** The final response has ended (END_STREAM was emitted). */
    public boolean done() {
        return state == State.DONE;
    }

    /** A final response head was emitted and its body has not ended. */
    public boolean inBody() {
        return state != State.HEAD && state != State.DONE;
    }

    /** Consumes {@code bytes} (released here) and emits the frames they complete. */
    public void write(ByteBuf bytes, ByteBufAllocator alloc, Sink sink) throws H1Exception {
        if (state == State.DONE || !bytes.isReadable()) {
            bytes.release();
            return;
        }
        in = in == null ? bytes : ByteToMessageDecoder.MERGE_CUMULATOR.cumulate(alloc, in, bytes);
        try {
            while (in.isReadable() && state != State.DONE) {
                if (!step(sink)) break;
            }
        } finally {
            if (state == State.DONE || !in.isReadable()) {
                in.release();
                in = null;
            }
        }
    }

    /**
     * The engine closed the stream. Ends a body delimited by the close (true: END_STREAM was emitted); false
     * when the response was incomplete (the stream must be reset) or already complete.
     */
    public boolean close(Sink sink) {
        if (in != null) {
            in.release();
            in = null;
        }
        if (state == State.UNTIL_CLOSE) {
            state = State.DONE;
            sink.data(Unpooled.EMPTY_BUFFER, true);
            return true;
        }
        return false;
    }

    /** Releases what is buffered (the stream went away). */
    public void discard() {
        if (in != null) {
            in.release();
            in = null;
        }
        state = State.DONE;
    }

    /** One step of progress; false when more bytes are needed. */
    private boolean step(Sink sink) throws H1Exception {
        switch (state) {
            case HEAD -> {
                int len = scanner.scan(in);
                if (len < 0) return false;
                byte[] raw = new byte[len];
                in.readBytes(raw);
                head(HeadParser.parseResponse(raw, limits, headRequest), sink);
                return true;
            }
            case LENGTH -> {
                int n = (int) Math.min(in.readableBytes(), remaining);
                remaining -= n;
                if (remaining == 0) state = State.DONE;
                sink.data(in.readRetainedSlice(n), state == State.DONE);
                return true;
            }
            case UNTIL_CLOSE -> {
                sink.data(in.readRetainedSlice(in.readableBytes()), false);
                return true;
            }
            case CHUNK_SIZE -> {
                int lf = in.indexOf(in.readerIndex(), in.writerIndex(), (byte) '\n');
                if (lf < 0) return false;
                long size = chunkSize(in, in.readerIndex(), lf);
                in.readerIndex(lf + 1);
                if (size == 0) {
                    state = State.TRAILERS;
                } else {
                    remaining = size;
                    state = State.CHUNK_DATA;
                }
                return true;
            }
            case CHUNK_DATA -> {
                int n = (int) Math.min(in.readableBytes(), remaining);
                remaining -= n;
                if (remaining == 0) state = State.CHUNK_DATA_END;
                sink.data(in.readRetainedSlice(n), false);
                return true;
            }
            case CHUNK_DATA_END -> {
                if (in.readableBytes() < 2) return false;
                if (in.readByte() != '\r' || in.readByte() != '\n') throw new H1Exception("chunk data too long", -1);
                state = State.CHUNK_SIZE;
                return true;
            }
            case TRAILERS -> {
                int lf = in.indexOf(in.readerIndex(), in.writerIndex(), (byte) '\n');
                if (lf < 0) return false;
                int start = in.readerIndex();
                int end = lf > start && in.getByte(lf - 1) == '\r' ? lf - 1 : lf;
                String line = in.toString(start, end - start, java.nio.charset.StandardCharsets.ISO_8859_1);
                in.readerIndex(lf + 1);
                if (line.isEmpty()) {
                    state = State.DONE;
                    if (trailers != null) sink.headers(trailers, true);
                    else sink.data(Unpooled.EMPTY_BUFFER, true);
                } else {
                    int colon = line.indexOf(':');
                    if (colon <= 0) throw new H1Exception("invalid trailer", -1);
                    String name = line.substring(0, colon).strip().toLowerCase(Locale.ROOT);
                    if (!HOP_BY_HOP.contains(name)) {
                        if (trailers == null) trailers = new DefaultHttp2Headers(false);
                        trailers.add(name, line.substring(colon + 1).strip());
                    }
                }
                return true;
            }
            default -> throw new IllegalStateException(state.name());
        }
    }

    private void head(ResponseHead h, Sink sink) throws H1Exception {
        int status = h.status();
        if (status == 101) throw new H1Exception("101 Switching Protocols cannot be relayed over HTTP/2", 0);
        Http2Headers out = new DefaultHttp2Headers(false);
        out.status(Integer.toString(status));
        Set<String> named = connectionTokens(h);
        h.forEachHeader((name, value) -> {
            String n = name.toLowerCase(Locale.ROOT);
            if (!HOP_BY_HOP.contains(n) && !named.contains(n)) out.add(n, value);
        });
        if (h.isInterim()) {
            sink.headers(out, false);
            return; // the final head follows
        }
        BodyFraming f = h.framing();
        switch (f.kind()) {
            case NONE -> state = State.DONE;
            case LENGTH -> {
                remaining = f.length();
                state = State.LENGTH;
            }
            case CHUNKED -> state = State.CHUNK_SIZE;
            case UNTIL_CLOSE -> state = State.UNTIL_CLOSE;
        }
        sink.headers(out, state == State.DONE);
    }

    private static Set<String> connectionTokens(ResponseHead h) {
        Set<String> out = null;
        for (String v : h.headers("connection")) {
            for (String t : v.split(",")) {
                String s = t.strip().toLowerCase(Locale.ROOT);
                if (s.isEmpty()) continue;
                if (out == null) out = new HashSet<>();
                out.add(s);
            }
        }
        return out == null ? Set.of() : out;
    }

    private static long chunkSize(ByteBuf in, int from, int lf) throws H1Exception {
        long size = 0;
        int digits = 0;
        for (int i = from; i < lf; i++) {
            int c = in.getByte(i);
            int d = Character.digit(c, 16);
            if (d < 0) break; // extensions, blanks, CR: the engine validated them
            if (++digits > 15) throw new H1Exception("chunk size overflow", -1);
            size = size << 4 | d;
        }
        if (digits == 0) throw new H1Exception("invalid chunk size", -1);
        return size;
    }
}

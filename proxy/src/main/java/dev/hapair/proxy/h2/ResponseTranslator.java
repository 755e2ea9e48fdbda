package dev.hapair.proxy.h2;

import dev.hapair.proxy.h1.H1Exception;
import dev.hapair.proxy.h1.H1Limits;
import dev.hapair.proxy.h1.HeadParser;
import dev.hapair.proxy.h1.HeadScanner;
import dev.hapair.proxy.h1.ResponseHead;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.ReadOnlyHttp2Headers;
import io.netty.util.AsciiString;
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

    private static final AsciiString STATUS_200 = AsciiString.cached("200");

    /** {@code :status} values: the common ones shared, not formatted per response. */
    private static AsciiString statusText(int status) {
        return status >= 100 && status < 600 ? STATUS_TEXT[status - 100] : new AsciiString(Integer.toString(status));
    }

    private static final AsciiString[] STATUS_TEXT = new AsciiString[500];

    static {
        for (int i = 0; i < STATUS_TEXT.length; i++) STATUS_TEXT[i] = AsciiString.cached(Integer.toString(100 + i));
    }

    /** Where the frames go; each call takes ownership of the buffer it is given. */
    public interface Sink {
        void headers(Http2Headers headers, boolean endStream);

        void data(ByteBuf content, boolean endStream);
    }

    private final boolean headRequest;
    private final boolean upgrade;
    private final H1Limits limits;
    /** For heads that come as bytes (interim ones, tests): made when first needed. */
    private HeadScanner scanner;
    /** Before the final head: null; then its body, null when it has none. */
    private H1Body body;

    private boolean headSeen;
    private boolean finished;
    private boolean holdEnd;
    /** A bodyless final head went out without END_STREAM (held): the next write or the close ends the stream. */
    private boolean endPending;

    private ByteBuf in;

    /**
     * @param headRequest the request was HEAD: the response has no body whatever its head says
     * @param limits      head limits (the engine's, relaxed as it may have relayed)
     */
    public ResponseTranslator(boolean headRequest, H1Limits limits) {
        this(headRequest, false, limits);
    }

    /**
     * @param upgrade the request was an extended CONNECT (RFC 8441): the engine's 101 becomes a 200 and the
     *                stream then carries the tunnel
     */
    public ResponseTranslator(boolean headRequest, boolean upgrade, H1Limits limits) {
        this.headRequest = headRequest;
        this.upgrade = upgrade;
        this.limits = limits;
    }

    /** The final response has ended (END_STREAM was emitted). */
    public boolean done() {
        return finished;
    }

    /** A final response head was emitted and its body has not ended. */
    public boolean inBody() {
        return headSeen && !finished;
    }

    /**
     * While set, a final head without body (the answer to HEAD) goes out without END_STREAM; the stream ends
     * with the next write (an empty one will do) or the close.
     */
    public void holdEnd(boolean on) {
        this.holdEnd = on;
    }

    /** Consumes {@code bytes} (released here) and emits the frames they complete. */
    public void write(ByteBuf bytes, ByteBufAllocator alloc, Sink sink) throws H1Exception {
        if (endPending && !holdEnd) {
            endPending = false;
            finished = true;
            sink.data(Unpooled.EMPTY_BUFFER, true);
        }
        if (finished || !bytes.isReadable()) {
            bytes.release();
            return;
        }
        in = in == null ? bytes : ByteToMessageDecoder.MERGE_CUMULATOR.cumulate(alloc, in, bytes);
        try {
            while (in.isReadable() && !finished) {
                if (!step(sink)) break;
            }
        } finally {
            if (finished || !in.isReadable()) {
                in.release();
                in = null;
            }
        }
    }

    /**
     * The final response head the engine already parsed and edited ({@code head}), followed by {@code bytes}:
     * their first {@code headLength} bytes are that head in HTTP/1.1 (0: the head was not written as bytes),
     * the rest the start of its body. The head is taken as it is rather than parsed again (what the engine
     * relays it validated); anything out of the ordinary (bytes still buffered, a head already seen) takes the
     * bytes' way instead, the head written as bytes first if it was not. {@code bytes} is released here.
     */
    public void writeParsed(ResponseHead head, int headLength, ByteBuf bytes, ByteBufAllocator alloc, Sink sink)
            throws H1Exception {
        if (headSeen
                || endPending
                || finished
                || in != null
                || head.isInterim()
                || bytes.readableBytes() < headLength) {
            if (headLength == 0) {
                ByteBuf whole = alloc.buffer(head.estimatedSize() + bytes.readableBytes());
                head.writeTo(whole);
                whole.writeBytes(bytes);
                bytes.release();
                bytes = whole;
            }
            write(bytes, alloc, sink);
            return;
        }
        bytes.skipBytes(headLength);
        try {
            head(head, headRequest ? dev.hapair.proxy.h1.BodyFraming.NONE : head.framing(), sink);
        } catch (H1Exception | RuntimeException e) {
            bytes.release(); // taken over here, whatever happens (the stream is reset)
            throw e;
        }
        write(bytes, alloc, sink);
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
        if (endPending) {
            endPending = false;
            finished = true;
            sink.data(Unpooled.EMPTY_BUFFER, true);
            return true;
        }
        if (body != null && body.close(sink)) {
            finished = true;
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
        finished = true;
    }

    /** One step of progress; false when more bytes are needed. */
    private boolean step(Sink sink) throws H1Exception {
        if (!headSeen) {
            if (scanner == null) scanner = new HeadScanner(limits.maxHeadBytes(), false);
            int len = scanner.scan(in);
            if (len < 0) return false;
            byte[] raw = new byte[len];
            in.readBytes(raw);
            ResponseHead h = HeadParser.parseResponse(raw, limits, headRequest);
            head(h, h.framing(), sink);
            return true;
        }
        if (body == null) throw new H1Exception("bytes after a response without body", 0);
        boolean progress = body.step(in, sink);
        if (body.done()) finished = true;
        return progress;
    }

    private void head(ResponseHead h, dev.hapair.proxy.h1.BodyFraming framing, Sink sink) throws H1Exception {
        int status = h.status();
        if (status == 101 && !upgrade)
            throw new H1Exception("101 Switching Protocols cannot be relayed over HTTP/2", 0);
        Set<String> named = ServerRequestTranslator.connectionTokens(h);
        // names lower-cased from the head's bytes and values viewed in them: no string per field; the fields go
        // to the encoder as one flat list (read-only headers: no hash table per response, nothing edits them)
        AsciiString[] fields = new AsciiString[2 * h.fieldCount()];
        int k = 0;
        for (int i = 0, n = h.fieldCount(); i < n; i++) {
            if (h.isDeleted(i)) continue;
            AsciiString name = h.fieldNameLower(i);
            if (H1Body.isHopByHop(name) || !named.isEmpty() && named.contains(name.toString())) continue;
            CharSequence value = h.fieldValueView(i);
            fields[k++] = name;
            fields[k++] = value instanceof AsciiString a ? a : new AsciiString(value);
        }
        if (k < fields.length) fields = java.util.Arrays.copyOf(fields, k);
        Http2Headers out =
                ReadOnlyHttp2Headers.serverHeaders(false, status == 101 ? STATUS_200 : statusText(status), fields);
        if (status == 101) {
            headSeen = true;
            body = H1Body.tunnel(); // RFC 8441: the 200 opens the tunnel
            sink.headers(out, false);
            return;
        }
        if (h.isInterim()) {
            sink.headers(out, false);
            return; // the final head follows
        }
        headSeen = true;
        body = H1Body.of(framing);
        if (body == null && holdEnd) {
            endPending = true; // ends with the next write or the close
            sink.headers(out, false);
            return;
        }
        finished = body == null;
        sink.headers(out, finished);
    }
}

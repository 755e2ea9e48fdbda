package dev.hapair.proxy.h2;

import dev.hapair.proxy.h1.BodyFraming;
import dev.hapair.proxy.h1.H1Exception;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.Http2Headers;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;

/**
 * An HTTP/1.1 body the engine wrote (so already validated), turned into what HTTP/2 carries: a body with a
 * length as it is, a chunked body de-chunked with its trailers as a trailing HEADERS frame, a body delimited by
 * the close (or a tunnel) until {@link #close}. END_STREAM goes on the last frame. Used for responses to
 * HTTP/2 clients and for requests to HTTP/2 servers.
 */
final class H1Body {
    private enum State {
        LENGTH,
        CHUNK_SIZE,
        CHUNK_DATA,
        CHUNK_DATA_END,
        TRAILERS,
        UNTIL_CLOSE,
        DONE
    }

    /** Fields that never cross into HTTP/2 (RFC 9113 8.2.2), in a head or in trailers. */
    static final Set<String> HOP_BY_HOP =
            Set.of("connection", "keep-alive", "proxy-connection", "transfer-encoding", "upgrade", "te");

    /** {@link #HOP_BY_HOP} for a lower-case name of any kind (a view of received bytes: no string built). */
    static boolean isHopByHop(CharSequence lowerName) {
        return switch (lowerName.length()) {
            case 2 -> io.netty.util.AsciiString.contentEquals(lowerName, "te");
            case 7 -> io.netty.util.AsciiString.contentEquals(lowerName, "upgrade");
            case 10 -> io.netty.util.AsciiString.contentEquals(lowerName, "connection")
                    || io.netty.util.AsciiString.contentEquals(lowerName, "keep-alive");
            case 16 -> io.netty.util.AsciiString.contentEquals(lowerName, "proxy-connection");
            case 17 -> io.netty.util.AsciiString.contentEquals(lowerName, "transfer-encoding");
            default -> false;
        };
    }

    private State state;
    private long remaining;
    private Http2Headers trailers;

    /** @return null when the message has no body (END_STREAM went on its head) */
    static H1Body of(BodyFraming f) {
        return switch (f.kind()) {
            case NONE -> null;
            case LENGTH -> f.length() == 0 ? null : new H1Body(State.LENGTH, f.length());
            case CHUNKED -> new H1Body(State.CHUNK_SIZE, 0);
            case UNTIL_CLOSE -> new H1Body(State.UNTIL_CLOSE, 0);
        };
    }

    /** Raw bytes until the close: a tunnel after 101 / CONNECT. */
    static H1Body tunnel() {
        return new H1Body(State.UNTIL_CLOSE, 0);
    }

    private H1Body(State state, long remaining) {
        this.state = state;
        this.remaining = remaining;
    }

    boolean done() {
        return state == State.DONE;
    }

    /** Ends a body delimited by the close; false when the body was incomplete (or already done). */
    boolean close(ResponseTranslator.Sink sink) {
        if (state != State.UNTIL_CLOSE) return false;
        state = State.DONE;
        sink.data(Unpooled.EMPTY_BUFFER, true);
        return true;
    }

    /** One step of progress over {@code in}; false when more bytes are needed. */
    boolean step(ByteBuf in, ResponseTranslator.Sink sink) throws H1Exception {
        switch (state) {
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
                String line = in.toString(start, end - start, StandardCharsets.ISO_8859_1);
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

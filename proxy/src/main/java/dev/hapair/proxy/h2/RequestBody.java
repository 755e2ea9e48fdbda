package dev.hapair.proxy.h2;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.http2.Http2Headers;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Re-frames one stream's request DATA for HTTP/1.1: as they are when the request has a
 * {@code content-length} (whose agreement with the DATA is checked: RFC 9113 8.1.1 makes a mismatch
 * malformed), as chunks otherwise, the END_STREAM flag becoming the last chunk (with the trailers of a
 * trailing HEADERS frame, if any). Trailers of a request with a length cannot be carried by HTTP/1.1 and are
 * dropped, as HAProxy does.
 */
public final class RequestBody {
    private enum Kind {
        NONE,
        LENGTH,
        CHUNKED,
        /** After an extended CONNECT (RFC 8441): DATA is tunnel bytes. */
        TUNNEL
    }

    private static final byte[] CRLF = {'\r', '\n'};
    private static final byte[] LAST_CHUNK = "0\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    private final Kind kind;
    private long remaining;
    private boolean ended;

    private RequestBody(Kind kind, long length) {
        this.kind = kind;
        this.remaining = length;
        this.ended = kind == Kind.NONE;
    }

    static RequestBody none() {
        return new RequestBody(Kind.NONE, 0);
    }

    static RequestBody length(long n) {
        return new RequestBody(Kind.LENGTH, n);
    }

    static RequestBody tunnel() {
        return new RequestBody(Kind.TUNNEL, -1);
    }

    static RequestBody chunked() {
        return new RequestBody(Kind.CHUNKED, -1);
    }

    /** DATA is tunnel bytes (extended CONNECT). */
    public boolean tunnels() {
        return kind == Kind.TUNNEL;
    }

    /** The head announces {@code transfer-encoding: chunked}. */
    public boolean chunkedOnWire() {
        return kind == Kind.CHUNKED;
    }

    /** The request's END_STREAM was seen: nothing more belongs to it. */
    public boolean ended() {
        return ended;
    }

    /**
     * The HTTP/1.1 bytes for one DATA frame's payload (not consumed, not released), or null when there are
     * none to send.
     */
    public ByteBuf data(ByteBuf payload, boolean endStream, ByteBufAllocator alloc) throws StreamRefused {
        if (ended) throw StreamRefused.malformed("DATA after the end of the request");
        int n = payload.readableBytes();
        ByteBuf out;
        switch (kind) {
            case LENGTH -> {
                if (n > remaining) throw StreamRefused.malformed("DATA longer than content-length");
                remaining -= n;
                if (endStream && remaining > 0) throw StreamRefused.malformed("DATA shorter than content-length");
                out = n == 0 ? null : payload.retainedSlice();
            }
            case TUNNEL -> out = n == 0 ? null : payload.retainedSlice();
            case CHUNKED -> {
                String size = Integer.toHexString(n);
                int len = (n == 0 ? 0 : size.length() + 2 + n + 2) + (endStream ? LAST_CHUNK.length : 0);
                if (len == 0) return null;
                out = alloc.buffer(len);
                if (n > 0) {
                    out.writeCharSequence(size, StandardCharsets.US_ASCII);
                    out.writeBytes(CRLF);
                    out.writeBytes(payload, payload.readerIndex(), n);
                    out.writeBytes(CRLF);
                }
                if (endStream) out.writeBytes(LAST_CHUNK);
            }
            default -> throw StreamRefused.malformed("DATA on a request without a body");
        }
        ended = endStream;
        return out;
    }

    /**
     * A trailing HEADERS frame (which always ends the stream): the last chunk with the trailer fields, or null
     * when there is nothing to send (a request with a length: its trailers are dropped).
     */
    public ByteBuf trailers(Http2Headers trailers, ByteBufAllocator alloc) throws StreamRefused {
        if (ended) throw StreamRefused.malformed("HEADERS after the end of the request");
        ended = true;
        if (kind == Kind.TUNNEL) throw StreamRefused.malformed("trailers on a tunnel");
        if (kind == Kind.LENGTH) {
            if (remaining > 0) throw StreamRefused.malformed("DATA shorter than content-length");
            return null;
        }
        StringBuilder sb = new StringBuilder("0\r\n");
        for (Map.Entry<CharSequence, CharSequence> e : trailers) {
            CharSequence name = e.getKey();
            if (name.length() > 0 && name.charAt(0) == ':') throw StreamRefused.malformed("pseudo-header in trailers");
            if (!Tokens.isLowerToken(name)) throw StreamRefused.malformed("invalid trailer name '" + name + "'");
            if (!Tokens.isSafeValue(e.getValue())) throw StreamRefused.malformed("NUL, CR or LF in a trailer");
            sb.append(name).append(": ").append(Tokens.trimOws(e.getValue())).append("\r\n");
        }
        sb.append("\r\n");
        ByteBuf out = alloc.buffer(sb.length());
        out.writeCharSequence(sb, StandardCharsets.ISO_8859_1);
        return out;
    }
}

package dev.hapair.proxy.h2;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http2.Http2Headers;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;

/**
 * Turns an HTTP/2 server's response frames into the HTTP/1.1 bytes the engine reads from a server, after the
 * checks RFC 9113 section 8 requires of a response (the engine's HTTP/1 parser can only re-check what survives
 * the translation): exactly one {@code :status} of three digits (not 101), before the regular fields, and no
 * other pseudo-header; field names lowercase tokens; values free of NUL, CR and LF (they would split the
 * HTTP/1 head); no connection-specific field; {@code content-length} digits that agree with each other and with
 * the DATA received. A violation is a malformed response ({@link StreamRefused#malformed}): the stream is reset
 * and the client gets a 502.
 *
 * <p>Framing: a body with {@code content-length} is relayed as it is; without one it is sent chunked (trailers
 * included); a response ending with its HEADERS gets {@code content-length: 0} unless it has no body by
 * definition (HEAD, 204, 304). An extended CONNECT's 2xx becomes {@code 101 Switching Protocols} with
 * {@code Connection: upgrade} and {@code Upgrade}, a CONNECT's 2xx stays as is; after either, DATA is tunnel
 * bytes.
 */
public final class ServerResponseTranslator {
    private enum State {
        HEAD,
        LENGTH,
        CHUNKED,
        NO_BODY,
        TUNNEL,
        DONE
    }

    private static final Set<String> CONNECTION_SPECIFIC =
            Set.of("connection", "keep-alive", "proxy-connection", "transfer-encoding", "upgrade");

    private final ServerRequestTranslator.Kind kind;
    private final String protocol;
    private final boolean headRequest;
    private final String websocketAccept;
    private State state = State.HEAD;
    private long remaining;
    /**
     * A bodyless head (HEAD, 204, 304) whose stream has not ended yet: relayed when it ends, so the engine does
     * not take the exchange for finished (and forward the client's next request) while the server is still busy
     * with this one — an HTTP/2 peer may still be draining a body it will not send, as HAProxy does.
     */
    private String heldHead;

    /**
     * @param kind        what the request was (a 2xx to CONNECT / an upgrade opens a tunnel)
     * @param protocol    the upgrade's protocol (for the 101's {@code Upgrade}), or null
     * @param headRequest the request was HEAD: no body whatever the head says
     * @param websocketAccept the {@code Sec-WebSocket-Accept} the client expects in a 101, or null
     */
    public ServerResponseTranslator(
            ServerRequestTranslator.Kind kind, String protocol, boolean headRequest, String websocketAccept) {
        this.kind = kind;
        this.protocol = protocol;
        this.headRequest = headRequest;
        this.websocketAccept = websocketAccept;
    }

    public boolean done() {
        return state == State.DONE;
    }

    public boolean tunnel() {
        return state == State.TUNNEL;
    }

    /** A final head was translated (a reset after it is a truncated response, not an empty one). */
    public boolean headDone() {
        return state != State.HEAD;
    }

    /** A HEADERS frame: the response head (interim or final), or trailers. */
    public ByteBuf headers(Http2Headers h, boolean endStream, ByteBufAllocator alloc) throws StreamRefused {
        if (state == State.HEAD) return head(h, endStream, alloc);
        if (state == State.DONE) throw StreamRefused.malformed("HEADERS after the end of the response");
        if (!endStream) throw StreamRefused.malformed("trailers without END_STREAM");
        StringBuilder fields = new StringBuilder();
        for (Map.Entry<CharSequence, CharSequence> e : h) {
            CharSequence name = e.getKey();
            if (name.length() > 0 && name.charAt(0) == ':') throw StreamRefused.malformed("pseudo-header in trailers");
            String n = checkField(name, e.getValue());
            if (CONNECTION_SPECIFIC.contains(n) || n.equals("content-length") || n.equals("te")) continue;
            fields.append(n).append(": ").append(Tokens.trimOws(e.getValue())).append("\r\n");
        }
        return end(fields, alloc);
    }

    /** A DATA frame (content released here); returns the bytes to relay, or null. */
    public ByteBuf data(ByteBuf content, boolean endStream, ByteBufAllocator alloc) throws StreamRefused {
        switch (state) {
            case TUNNEL -> {
                if (endStream) state = State.DONE;
                return content;
            }
            case LENGTH -> {
                int n = content.readableBytes();
                if (n > remaining) {
                    content.release();
                    throw StreamRefused.malformed("DATA beyond content-length");
                }
                remaining -= n;
                if (endStream) {
                    if (remaining != 0) {
                        content.release();
                        throw StreamRefused.malformed("DATA shorter than content-length");
                    }
                    state = State.DONE;
                }
                return content;
            }
            case CHUNKED -> {
                int n = content.readableBytes();
                ByteBuf out = alloc.buffer(n + 24);
                if (n > 0) {
                    out.writeCharSequence(Integer.toHexString(n), StandardCharsets.US_ASCII);
                    out.writeByte('\r').writeByte('\n');
                    out.writeBytes(content);
                    out.writeByte('\r').writeByte('\n');
                }
                content.release();
                if (endStream) {
                    state = State.DONE;
                    out.writeCharSequence("0\r\n\r\n", StandardCharsets.US_ASCII);
                }
                return out;
            }
            case NO_BODY -> {
                content.release(); // HEAD, 204, 304: a body would desynchronise the HTTP/1 side
                if (!endStream) return null;
                state = State.DONE;
                return releaseHeld(alloc);
            }
            default -> {
                content.release();
                throw StreamRefused.malformed("DATA " + (state == State.HEAD ? "before HEADERS" : "after END_STREAM"));
            }
        }
    }

    private ByteBuf head(Http2Headers h, boolean endStream, ByteBufAllocator alloc) throws StreamRefused {
        String status = null;
        boolean regularSeen = false;
        long contentLength = -1;
        StringBuilder fields = new StringBuilder(256);
        for (Map.Entry<CharSequence, CharSequence> e : h) {
            CharSequence name = e.getKey();
            if (name.length() > 0 && name.charAt(0) == ':') {
                if (regularSeen) throw StreamRefused.malformed("pseudo-header after a regular field");
                if (!name.toString().equals(":status")) throw StreamRefused.malformed("pseudo-header " + name);
                if (status != null) throw StreamRefused.malformed("repeated :status");
                status = e.getValue().toString();
                continue;
            }
            regularSeen = true;
            String n = checkField(name, e.getValue());
            if (CONNECTION_SPECIFIC.contains(n)) throw StreamRefused.malformed("connection-specific field " + n);
            String v = Tokens.trimOws(e.getValue());
            if (n.equals("te")) throw StreamRefused.malformed("te in a response");
            if (n.equals("content-length")) contentLength = RequestTranslator.contentLength(contentLength, v);
            if (n.equals("sec-websocket-accept") && kind == ServerRequestTranslator.Kind.UPGRADE) continue;
            fields.append(n).append(": ").append(v).append("\r\n");
        }
        int code = status(status);
        if (code < 200) {
            if (endStream) throw StreamRefused.malformed("END_STREAM on an interim response");
            return text(line(code).append(fields).append("\r\n"), alloc); // the final head follows
        }
        boolean opens = code / 100 == 2 && kind != ServerRequestTranslator.Kind.PLAIN;
        StringBuilder out;
        if (opens && kind == ServerRequestTranslator.Kind.UPGRADE) {
            out = new StringBuilder("HTTP/1.1 101 Switching Protocols\r\n")
                    .append("connection: upgrade\r\nupgrade: ")
                    .append(protocol)
                    .append("\r\n");
            if (websocketAccept != null)
                out.append("sec-websocket-accept: ").append(websocketAccept).append("\r\n");
        } else {
            out = line(code);
        }
        out.append(fields);
        if (opens) {
            state = endStream ? State.DONE : State.TUNNEL;
        } else if (headRequest || code == 204 || code == 304) {
            if (!endStream) {
                state = State.NO_BODY;
                heldHead = out.append("\r\n").toString();
                return null;
            }
            state = State.DONE;
        } else if (endStream) {
            if (contentLength > 0) throw StreamRefused.malformed("content-length " + contentLength + " but no DATA");
            if (contentLength < 0) out.append("content-length: 0\r\n");
            state = State.DONE;
        } else if (contentLength >= 0) {
            remaining = contentLength;
            state = State.LENGTH;
        } else {
            out.append("transfer-encoding: chunked\r\n");
            state = State.CHUNKED;
        }
        out.append("\r\n");
        return text(out, alloc);
    }

    /** END_STREAM with trailers: the last chunk carries them; a body with a length must be complete. */
    private ByteBuf end(StringBuilder trailers, ByteBufAllocator alloc) throws StreamRefused {
        State was = state;
        state = State.DONE;
        return switch (was) {
            case CHUNKED -> text(new StringBuilder("0\r\n").append(trailers).append("\r\n"), alloc);
            case LENGTH -> {
                if (remaining != 0) throw StreamRefused.malformed("DATA shorter than content-length");
                yield null;
            }
            case NO_BODY -> releaseHeld(alloc);
            default -> null; // a tunnel: trailers have nowhere to go
        };
    }

    private ByteBuf releaseHeld(ByteBufAllocator alloc) {
        String h = heldHead;
        heldHead = null;
        return h == null ? null : text(new StringBuilder(h), alloc);
    }

    private static String checkField(CharSequence name, CharSequence value) throws StreamRefused {
        if (!Tokens.isLowerToken(name)) throw StreamRefused.malformed("invalid field name '" + name + "'");
        if (!Tokens.isSafeValue(value)) throw StreamRefused.malformed("NUL, CR or LF in the value of " + name);
        return name.toString();
    }

    private static int status(String s) throws StreamRefused {
        if (s == null) throw StreamRefused.malformed("no :status");
        if (s.length() != 3) throw StreamRefused.malformed("invalid :status");
        int code = 0;
        for (int i = 0; i < 3; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') throw StreamRefused.malformed("invalid :status");
            code = code * 10 + (c - '0');
        }
        if (code < 100 || code == 101) throw StreamRefused.malformed(":status " + code + " is not allowed in HTTP/2");
        return code;
    }

    private static StringBuilder line(int code) {
        String reason = HttpResponseStatus.valueOf(code).reasonPhrase();
        return new StringBuilder(256)
                .append("HTTP/1.1 ")
                .append(code)
                .append(' ')
                .append(reason)
                .append("\r\n");
    }

    private static ByteBuf text(StringBuilder s, ByteBufAllocator alloc) {
        if (s.length() == 0) return Unpooled.EMPTY_BUFFER;
        ByteBuf b = alloc.buffer(s.length());
        b.writeCharSequence(s, StandardCharsets.ISO_8859_1);
        return b;
    }
}

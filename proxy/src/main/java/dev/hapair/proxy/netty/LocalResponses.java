package dev.hapair.proxy.netty;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.http.FullHttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Bytes of a response hapair answers itself (error pages, redirects, stats), always HTTP/1.1 with a length. */
final class LocalResponses {
    private LocalResponses() {}

    /** Encodes {@code r} and releases it; {@code close} sets {@code Connection: close}. */
    static ByteBuf encode(ByteBufAllocator alloc, FullHttpResponse r, boolean close) {
        return encode(alloc, r, close, false);
    }

    /**
     * @param headRequest the answer is to a HEAD request: its head only, Content-Length telling the body's size
     *     (RFC 9110 9.3.2); bytes after it would be read by the client as the start of the next response. HAProxy
     *     sends its error pages to a HEAD this way.
     */
    static ByteBuf encode(ByteBufAllocator alloc, FullHttpResponse r, boolean close, boolean headRequest) {
        try {
            int status = r.status().code();
            // a 101 (a `return` turned into one by `set-status 101`, as a websocket server made of rules does) keeps
            // its `Connection: upgrade`, as HAProxy sends it: without it no proxy in front switches protocols (hapair
            // and HAProxy answer such a 101 with a 502)
            if (status != 101) {
                r.headers().remove("Connection");
                if (close) r.headers().set("Connection", "close");
            }
            // a 204 (or 1xx) has no body: no framing field and no body bytes, as HAProxy's H1 mux writes it (measured
            // on 2.6.12: 'http-request return status 204' is sent without Content-Length); bytes after it would be
            // read by a keep-alive client as the start of the next response
            boolean bodyless = status < 200 || status == 204;
            if (bodyless) {
                r.headers().remove("Content-Length");
                r.headers().remove("Transfer-Encoding");
            } else if (!r.headers().contains("Content-Length")) {
                r.headers().set("Content-Length", r.content().readableBytes());
            }
            StringBuilder sb = new StringBuilder(128);
            sb.append("HTTP/1.1 ")
                    .append(r.status().code())
                    .append(' ')
                    .append(r.status().reasonPhrase())
                    .append("\r\n");
            for (Map.Entry<String, String> h : r.headers())
                sb.append(h.getKey()).append(": ").append(h.getValue()).append("\r\n");
            sb.append("\r\n");
            int body = headRequest || bodyless ? 0 : r.content().readableBytes();
            ByteBuf out = alloc.buffer(sb.length() + body);
            out.writeCharSequence(sb, StandardCharsets.ISO_8859_1);
            out.writeBytes(r.content(), r.content().readerIndex(), body);
            return out;
        } finally {
            r.release();
        }
    }
}

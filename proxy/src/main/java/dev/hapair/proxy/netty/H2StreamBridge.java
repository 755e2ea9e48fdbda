package dev.hapair.proxy.netty;

import dev.hapair.proxy.backend.FrontendRuntime;
import dev.hapair.proxy.h1.H1Exception;
import dev.hapair.proxy.h1.H1Limits;
import dev.hapair.proxy.h2.RequestBody;
import dev.hapair.proxy.h2.RequestTranslator;
import dev.hapair.proxy.h2.ResponseTranslator;
import dev.hapair.proxy.h2.StreamRefused;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http2.DefaultHttp2DataFrame;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.netty.handler.codec.http2.DefaultHttp2ResetFrame;
import io.netty.handler.codec.http2.Http2DataFrame;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;

/**
 * The first handler of one HTTP/2 stream's child channel, in front of an {@link HttpSession} that serves the
 * stream as if it were an HTTP/1.1 client: HEADERS and DATA frames in become the request's HTTP/1.1 bytes
 * ({@link RequestTranslator}, {@link RequestBody}); the HTTP/1.1 bytes the session writes become HEADERS and
 * DATA frames out ({@link ResponseTranslator}). So every stream gets the HTTP/1 engine's rules, routing, logs,
 * counters and timeouts, and its server connection speaks HTTP/1.1.
 *
 * <p>A malformed request resets the stream with PROTOCOL_ERROR before the session sees a byte of it; the
 * other streams of the connection go on. The child channel's reads are the session's (it pauses them for
 * back-pressure), and a stream's flow-control window only reopens as its DATA is read, so a client cannot
 * make the proxy buffer more than one window per connection.
 */
final class H2StreamBridge extends ChannelDuplexHandler {
    private enum Phase {
        /** Waiting for the HEADERS frame that opens the stream. */
        HEADERS,
        /** Request forwarded; body frames (if any) follow. */
        BODY,
        /** Refused or reset: everything further is dropped. */
        DEAD
    }

    private final FrontendRuntime frontend;
    private final H1Limits responseLimits;
    private Phase phase = Phase.HEADERS;
    private RequestBody body;
    private ResponseTranslator response;

    H2StreamBridge(FrontendRuntime frontend) {
        this.frontend = frontend;
        H1Limits l = frontend.settings().http();
        // what the engine relays was validated by it; only its own limits could be tighter
        this.responseLimits = new H1Limits(l.bufsize(), Math.max(l.maxHeadBytes(), 1 << 16), 32767, true);
    }

    // ---------------------------------------------------------------- frames in

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (phase == Phase.DEAD) return;
            if (msg instanceof Http2HeadersFrame h) {
                if (phase == Phase.HEADERS) openRequest(ctx, h.headers(), h.isEndStream());
                else forward(ctx, body.trailers(h.headers(), ctx.alloc()));
            } else if (msg instanceof Http2DataFrame d) {
                if (phase != Phase.BODY) throw StreamRefused.malformed("DATA before HEADERS");
                forward(ctx, body.data(d.content(), d.isEndStream(), ctx.alloc()));
            }
            // RST_STREAM and other stream frames: the child channel closes on its own, the session sees it
        } catch (StreamRefused r) {
            refuse(ctx, r);
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    private void openRequest(ChannelHandlerContext ctx, Http2Headers headers, boolean endStream) throws StreamRefused {
        RequestTranslator.Request r = RequestTranslator.translate(headers, endStream);
        body = r.body();
        response = new ResponseTranslator(r.method().equals("HEAD"), responseLimits);
        phase = Phase.BODY;
        ctx.fireChannelRead(Unpooled.wrappedBuffer(r.head()));
    }

    private static void forward(ChannelHandlerContext ctx, ByteBuf bytes) {
        if (bytes != null) ctx.fireChannelRead(bytes);
    }

    /**
     * A malformed stream is reset (RFC 9113 8.1.1); a request HAProxy answers (bad method or scheme: 400,
     * CONNECT: 501 here) gets a short response. Either way it counts as an invalid request of the frontend.
     */
    private void refuse(ChannelHandlerContext ctx, StreamRefused r) {
        Phase was = phase;
        phase = Phase.DEAD;
        frontend.counters().requestError();
        if (r.status() == 0 || was != Phase.HEADERS) {
            ctx.writeAndFlush(new DefaultHttp2ResetFrame(Http2Error.PROTOCOL_ERROR));
            ctx.close();
            return;
        }
        frontend.counters().response(r.status());
        byte[] text = (r.status() + " " + r.getMessage() + "\n").getBytes(StandardCharsets.US_ASCII);
        Http2Headers h = new DefaultHttp2Headers(false)
                .status(Integer.toString(r.status()))
                .set("content-type", "text/plain")
                .set("content-length", Integer.toString(text.length))
                .set("cache-control", "no-cache");
        ctx.write(new DefaultHttp2HeadersFrame(h, false));
        ctx.writeAndFlush(new DefaultHttp2DataFrame(Unpooled.wrappedBuffer(text), true));
        ctx.close();
    }

    // ---------------------------------------------------------------- HTTP/1.1 bytes out

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (!(msg instanceof ByteBuf b) || response == null || phase == Phase.DEAD) {
            // frames written by this handler itself, or bytes with no stream to carry them
            if (msg instanceof ByteBuf b2) {
                b2.release();
                promise.trySuccess();
                return;
            }
            ctx.write(msg, promise);
            return;
        }
        FrameWriter out = new FrameWriter(ctx);
        try {
            response.write(b, ctx.alloc(), out);
        } catch (H1Exception e) {
            // the engine wrote what it validated: a response that cannot be carried (e.g. a 101) resets the stream
            phase = Phase.DEAD;
            response.discard();
            out.finish(promise);
            ctx.writeAndFlush(new DefaultHttp2ResetFrame(Http2Error.INTERNAL_ERROR));
            ctx.close();
            return;
        }
        out.finish(promise);
    }

    @Override
    public void close(ChannelHandlerContext ctx, ChannelPromise promise) {
        // a body delimited by the close ends with END_STREAM, not with a reset
        if (response != null && phase != Phase.DEAD) {
            FrameWriter out = new FrameWriter(ctx);
            if (response.close(out)) {
                out.finish(ctx.newPromise());
                ctx.flush();
            }
        }
        ctx.close(promise);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (response != null) response.discard();
        ctx.fireChannelInactive();
    }

    /** Writes the frames of one call; the caller's promise goes with the last one (or succeeds at once). */
    private static final class FrameWriter implements ResponseTranslator.Sink {
        private final ChannelHandlerContext ctx;
        private Object pending;

        FrameWriter(ChannelHandlerContext ctx) {
            this.ctx = ctx;
        }

        @Override
        public void headers(Http2Headers headers, boolean endStream) {
            push(new DefaultHttp2HeadersFrame(headers, endStream));
        }

        @Override
        public void data(ByteBuf content, boolean endStream) {
            push(new DefaultHttp2DataFrame(content, endStream));
        }

        private void push(Object frame) {
            if (pending != null) ctx.write(pending, ctx.voidPromise());
            pending = frame;
        }

        void finish(ChannelPromise promise) {
            if (pending != null) {
                ctx.write(pending, promise);
                pending = null;
            } else {
                promise.trySuccess();
            }
        }
    }
}

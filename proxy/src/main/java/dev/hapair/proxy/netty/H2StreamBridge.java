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

    /**
     * Set by the engine on a stream's channel while it drains the body of a server's answer to a request that
     * was HEAD for the client (a rule changed the method): the stream ends only once that body was read, as
     * HAProxy's does, so the next request does not find the server connection still busy.
     */
    private static final io.netty.util.AttributeKey<Boolean> HOLD_END =
            io.netty.util.AttributeKey.valueOf(H2StreamBridge.class, "holdEnd");

    /**
     * Whether {@code client} is an HTTP/2 stream (served through this bridge). A look through its pipeline: the
     * session asks once, when it is added ({@link HttpSession#h2Stream}).
     */
    static boolean isStream(io.netty.channel.Channel client) {
        return client.pipeline().get(H2StreamBridge.class) != null;
    }

    /** Sets or clears the hold on stream {@code client}; returns whether it was set. */
    static boolean holdEnd(io.netty.channel.Channel client, boolean on) {
        Boolean was = client.attr(HOLD_END).getAndSet(on ? Boolean.TRUE : null);
        return was != null;
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
                if (d.isEndStream()) acknowledgeLast(ctx, d);
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
        response = new ResponseTranslator(r.method().equals("HEAD"), r.upgrade(), responseLimits);
        phase = Phase.BODY;
        ctx.fireChannelRead(new HttpSession.StreamRequestHead(r.head()));
    }

    /**
     * The stream's last DATA frame still gets its stream WINDOW_UPDATE, as HAProxy sends one per DATA frame
     * (Netty's flow controller sends none once END_STREAM arrived; RFC 9113 6.9 allows it on a half-closed
     * (remote) stream). The connection-level one is the flow controller's.
     */
    private static void acknowledgeLast(ChannelHandlerContext ctx, Http2DataFrame d) {
        int n = d.initialFlowControlledBytes();
        if (n <= 0 || d.stream() == null) return;
        ChannelHandlerContext codec = ctx.channel().parent() == null
                ? null
                : ctx.channel().parent().pipeline().context(io.netty.handler.codec.http2.Http2FrameCodec.class);
        if (codec == null) return;
        io.netty.handler.codec.http2.Http2FrameCodec c = (io.netty.handler.codec.http2.Http2FrameCodec) codec.handler();
        c.encoder().frameWriter().writeWindowUpdate(codec, d.stream().id(), n, codec.voidPromise());
        codec.flush();
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
        if (msg instanceof ParsedResponseHead ph) {
            writeParsed(ctx, ph, promise);
            return;
        }
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
        translate(ctx, promise, null, b);
    }

    /** A final response head the engine parsed: translated from its fields, not from its bytes. */
    private void writeParsed(ChannelHandlerContext ctx, ParsedResponseHead ph, ChannelPromise promise) {
        if (response == null || phase == Phase.DEAD) {
            ph.release();
            promise.trySuccess();
            return;
        }
        translate(ctx, promise, ph, ph.content());
    }

    /** Translates {@code bytes} (after the parsed head {@code parsed}, when there is one) into frames out. */
    private void translate(
            ChannelHandlerContext ctx, ChannelPromise promise, ParsedResponseHead parsed, ByteBuf bytes) {
        H2FrameWriter out = new H2FrameWriter(ctx);
        try {
            response.holdEnd(ctx.channel().hasAttr(HOLD_END)
                    && ctx.channel().attr(HOLD_END).get() != null);
            if (parsed != null) {
                response.writeParsed(parsed.head(), parsed.headLength(), bytes, ctx.alloc(), out);
            } else {
                response.write(bytes, ctx.alloc(), out);
            }
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
            H2FrameWriter out = new H2FrameWriter(ctx);
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
}

package dev.hapair.proxy.netty;

import dev.hapair.proxy.h1.H1Exception;
import dev.hapair.proxy.h1.H1Limits;
import dev.hapair.proxy.h2.ServerRequestTranslator;
import dev.hapair.proxy.h2.ServerResponseTranslator;
import dev.hapair.proxy.h2.StreamRefused;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http2.DefaultHttp2ResetFrame;
import io.netty.handler.codec.http2.Http2DataFrame;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.util.ReferenceCountUtil;

/**
 * The first handler of a stream to an HTTP/2 server, in front of the engine's {@link ServerLink}, which sees it
 * as an HTTP/1.1 server connection: the HTTP/1.1 request bytes the engine writes become HEADERS and DATA
 * ({@link ServerRequestTranslator}), the response frames become HTTP/1.1 bytes after RFC 9113's checks
 * ({@link ServerResponseTranslator}). A malformed response resets the stream (PROTOCOL_ERROR) and fails the
 * exchange with 502 when nothing of it reached the client yet; a request the server cannot take (an upgrade
 * without extended CONNECT) fails with 502.
 */
final class H2ServerStreamBridge extends ChannelDuplexHandler {
    private final ServerRequestTranslator request;
    private ServerResponseTranslator response;
    private boolean dead;

    H2ServerStreamBridge(H1Limits limits) {
        this.request = new ServerRequestTranslator(
                new H1Limits(limits.bufsize(), Math.max(limits.maxHeadBytes(), 1 << 16), 32767, true));
    }

    // ---------------------------------------------------------------- HTTP/1.1 request bytes out

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (!(msg instanceof ByteBuf b)) {
            ctx.write(msg, promise); // frames, e.g. a reset
            return;
        }
        if (dead) {
            b.release();
            promise.trySuccess();
            return;
        }
        H2FrameWriter out = new H2FrameWriter(ctx);
        boolean hadHead = request.headSent();
        try {
            request.write(
                    b, ctx.alloc(), out, H2Backend.extendedConnect(ctx.channel().parent()));
        } catch (StreamRefused r) {
            out.finish(promise);
            if (!hadHead) H2Backend.resetUnsent(ctx.channel().parent()); // refused while making its HEADERS
            fail(ctx, ServerLink.Failure.UNSUPPORTED);
            return;
        } catch (H1Exception e) {
            out.finish(promise);
            fail(ctx, ServerLink.Failure.UNSUPPORTED);
            return;
        }
        if (!hadHead && request.headSent()) {
            response = new ServerResponseTranslator(
                    request.kind(), request.protocol(), "HEAD".equals(request.method()), request.websocketAccept());
        }
        out.finish(promise);
    }

    @Override
    public void close(ChannelHandlerContext ctx, ChannelPromise promise) {
        // a tunnel closed by the client ends with END_STREAM rather than a reset
        if (!dead && request.headSent() && !request.done()) {
            H2FrameWriter out = new H2FrameWriter(ctx);
            if (request.close(out)) {
                out.finish(ctx.newPromise());
                ctx.flush();
            }
        }
        ctx.close(promise);
    }

    // ---------------------------------------------------------------- response frames in

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (dead) return;
            ByteBuf out = null;
            boolean end = false;
            if (msg instanceof Http2HeadersFrame h) {
                if (response == null) throw StreamRefused.malformed("response before the request");
                out = response.headers(h.headers(), h.isEndStream(), ctx.alloc());
                end = h.isEndStream();
            } else if (msg instanceof Http2DataFrame d) {
                if (response == null) throw StreamRefused.malformed("DATA before the request");
                out = response.data(d.content().retain(), d.isEndStream(), ctx.alloc());
                end = d.isEndStream();
            } else {
                return; // RST_STREAM and the rest: the stream channel closes on its own, the link sees it
            }
            if (out != null && out.isReadable()) ctx.fireChannelRead(out);
            else if (out != null) out.release();
            if (end && response.tunnel()
                    || end && response.done() && request.kind() != ServerRequestTranslator.Kind.PLAIN) {
                ctx.fireChannelReadComplete();
                ctx.close(); // the server ended its side of a tunnel
            }
        } catch (StreamRefused r) {
            ctx.writeAndFlush(new DefaultHttp2ResetFrame(Http2Error.PROTOCOL_ERROR));
            fail(
                    ctx,
                    response != null && response.headDone()
                            ? ServerLink.Failure.TRUNCATED
                            : ServerLink.Failure.INVALID);
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    private void fail(ChannelHandlerContext ctx, ServerLink.Failure f) {
        dead = true;
        request.discard();
        ctx.fireUserEventTriggered(f);
        ctx.close();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        request.discard();
        ctx.fireChannelInactive();
    }
}

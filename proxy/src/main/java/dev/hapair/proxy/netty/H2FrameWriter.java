package dev.hapair.proxy.netty;

import dev.hapair.proxy.h2.ResponseTranslator;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http2.DefaultHttp2DataFrame;
import io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.netty.handler.codec.http2.Http2Headers;

/**
 * Writes the frames one translated write produced on a stream channel; the caller's promise goes with the last
 * one (or succeeds at once when there was none).
 */
final class H2FrameWriter implements ResponseTranslator.Sink {
    private final ChannelHandlerContext ctx;
    private Object pending;

    H2FrameWriter(ChannelHandlerContext ctx) {
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

package io.netty.handler.codec.http2;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;

/**
 * Lets a client connection's own first stream be stream 1 under {@link Http2MultiplexHandler} (hapair's
 * connections to HTTP/2 servers, whose ids start at 1 as RFC 9113 5.1.1 and HAProxy have them).
 *
 * <p>Netty treats stream 1 of a client as the answer to an HTTP/1.1 {@code Upgrade: h2c}: when it becomes active,
 * {@link Http2FrameCodec} gives it a second frame stream object without a channel, and the multiplexer would
 * then look for an upgrade handler. This handler, between the two, remembers the frame stream of the first
 * HEADERS frame written (the stream channel that opened stream 1) and links the codec's second object to that
 * same channel, so stream 1's frames reach it like any other stream's; then it leaves the pipeline. It lives in
 * Netty's package because those links are package-private there.
 */
public final class FirstClientStream extends ChannelDuplexHandler {
    private Http2FrameCodec.DefaultHttp2FrameStream first;

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (first == null
                && msg instanceof Http2HeadersFrame
                && ((Http2HeadersFrame) msg).stream() instanceof Http2FrameCodec.DefaultHttp2FrameStream) {
            Http2FrameCodec.DefaultHttp2FrameStream s =
                    (Http2FrameCodec.DefaultHttp2FrameStream) ((Http2HeadersFrame) msg).stream();
            if (s.id() < 0) first = s; // a new stream: its id is given as this frame is written
        }
        ctx.write(msg, promise);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof Http2FrameStreamEvent
                && ((Http2FrameStreamEvent) evt).type() == Http2FrameStreamEvent.Type.State
                && ((Http2FrameStreamEvent) evt).stream() instanceof Http2FrameCodec.DefaultHttp2FrameStream) {
            Http2FrameCodec.DefaultHttp2FrameStream s =
                    (Http2FrameCodec.DefaultHttp2FrameStream) ((Http2FrameStreamEvent) evt).stream();
            if (s.id() == Http2CodecUtil.HTTP_UPGRADE_STREAM_ID && first != null && s != first) {
                if (s.attachment == null) s.attachment = first.attachment;
                first = null;
                ctx.fireUserEventTriggered(evt);
                ctx.pipeline().remove(this);
                return;
            }
        }
        ctx.fireUserEventTriggered(evt);
    }
}

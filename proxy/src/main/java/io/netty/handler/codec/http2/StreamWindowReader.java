package io.netty.handler.codec.http2;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;

/**
 * DATA past its stream's receive window (RFC 9113 6.9.1: the sender "MUST NOT" send it) is a stream error
 * FLOW_CONTROL_ERROR: the stream is reset and the connection goes on. Checked where frames are read, before the
 * decoder: Netty's decoder meant to reset the stream too, but its error path then returned the frame's bytes twice
 * to the flow controller, whose own check ended the whole connection with INTERNAL_ERROR ("Attempting to return too
 * many bytes"). The refused frame is not counted against the connection's window (the client's view of that window
 * is the smaller by it: its own loss). HAProxy 2.6 does not check its receive windows and forwards such DATA.
 * Loop-confined; per DATA frame, one stream lookup and one window read.
 */
public final class StreamWindowReader extends ListenerDecoratingReader {
    private final Http2Connection connection;

    public StreamWindowReader(Http2FrameReader reader, Http2Connection connection) {
        super(reader);
        this.connection = connection;
    }

    @Override
    Http2FrameListener decorate(Http2FrameListener listener) {
        return new Checking(listener);
    }

    private final class Checking extends Http2FrameListenerDecorator {
        Checking(Http2FrameListener listener) {
            super(listener);
        }

        @Override
        public int onDataRead(ChannelHandlerContext ctx, int streamId, ByteBuf data, int padding, boolean endOfStream)
                throws Http2Exception {
            Http2Stream stream = connection.stream(streamId);
            if (stream != null) {
                int n = data.readableBytes() + padding;
                int window = connection.local().flowController().windowSize(stream);
                if (n > window) {
                    throw Http2Exception.streamError(
                            streamId,
                            Http2Error.FLOW_CONTROL_ERROR,
                            "DATA of %d bytes past the stream's window of %d",
                            n,
                            window);
                }
            }
            return super.onDataRead(ctx, streamId, data, padding, endOfStream);
        }
    }
}

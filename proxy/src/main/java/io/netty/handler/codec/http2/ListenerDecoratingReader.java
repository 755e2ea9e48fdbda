package io.netty.handler.codec.http2;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;

/**
 * A frame reader that checks frames where they are read, before Netty's decoder: it hands the frames of {@code
 * reader} to a decorator of the decoder's listener ({@link #decorate}), made once per listener (the decoder passes
 * the same one on every call). What hapair's frame-level checks (ReusedStreamIdReader, StreamWindowReader,
 * EmptyDataFrameLimitReader) have in common. Loop-confined.
 */
abstract class ListenerDecoratingReader implements Http2FrameReader {
    private final Http2FrameReader reader;
    private Http2FrameListener lastListener;
    private Http2FrameListener decorated;

    ListenerDecoratingReader(Http2FrameReader reader) {
        this.reader = reader;
    }

    /** The listener the frames of {@code listener} go through first. */
    abstract Http2FrameListener decorate(Http2FrameListener listener);

    @Override
    public final void readFrame(ChannelHandlerContext ctx, ByteBuf input, Http2FrameListener listener)
            throws Http2Exception {
        if (listener != lastListener) {
            lastListener = listener;
            decorated = decorate(listener);
        }
        reader.readFrame(ctx, input, decorated);
    }

    @Override
    public final Configuration configuration() {
        return reader.configuration();
    }

    @Override
    public final void close() {
        reader.close();
    }
}

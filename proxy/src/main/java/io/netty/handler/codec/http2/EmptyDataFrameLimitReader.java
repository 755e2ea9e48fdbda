package io.netty.handler.codec.http2;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;

/**
 * Netty's limit on empty DATA frames without END_STREAM in a row ({@link Http2EmptyDataFrameConnectionDecoder},
 * CVE-2019-9518), counted where the frames are read rather than where the decoder hands them on: that one sees only
 * the frames of live streams, and since frames on a stream we reset are ignored (RFC 9113 5.1, {@code
 * dev.hapair.proxy.netty.RecentResets}) instead of answered with RST_STREAM (which counted against the limit of
 * resets sent), a client could send empty DATA frames on such a stream without end, each costing the decoder's
 * STREAM_CLOSED exception and nothing else. Counted as Netty's decorator counts: a DATA frame with bytes or
 * END_STREAM, or a HEADERS frame, ends the run; the frame after {@code max} empty ones in a row is a connection
 * error (ENHANCE_YOUR_CALM). Loop-confined.
 */
final class EmptyDataFrameLimitReader extends ListenerDecoratingReader {
    private final int max;
    private int run;
    private boolean violated;

    EmptyDataFrameLimitReader(Http2FrameReader reader, int max) {
        super(reader);
        if (max <= 0) throw new IllegalArgumentException("max must be > 0: " + max);
        this.max = max;
    }

    @Override
    Http2FrameListener decorate(Http2FrameListener listener) {
        return new Counting(listener);
    }

    private final class Counting extends Http2FrameListenerDecorator {
        Counting(Http2FrameListener listener) {
            super(listener);
        }

        @Override
        public int onDataRead(ChannelHandlerContext ctx, int streamId, ByteBuf data, int padding, boolean endOfStream)
                throws Http2Exception {
            if (endOfStream || data.isReadable()) {
                run = 0;
            } else if (run++ == max && !violated) {
                violated = true;
                throw Http2Exception.connectionError(
                        Http2Error.ENHANCE_YOUR_CALM,
                        "Maximum number %d of empty data frames without end_of_stream flag received",
                        max);
            }
            return super.onDataRead(ctx, streamId, data, padding, endOfStream);
        }

        @Override
        public void onHeadersRead(
                ChannelHandlerContext ctx, int streamId, Http2Headers headers, int padding, boolean endOfStream)
                throws Http2Exception {
            run = 0;
            super.onHeadersRead(ctx, streamId, headers, padding, endOfStream);
        }

        @Override
        public void onHeadersRead(
                ChannelHandlerContext ctx,
                int streamId,
                Http2Headers headers,
                int streamDependency,
                short weight,
                boolean exclusive,
                int padding,
                boolean endOfStream)
                throws Http2Exception {
            run = 0;
            super.onHeadersRead(ctx, streamId, headers, streamDependency, weight, exclusive, padding, endOfStream);
        }
    }
}

package io.netty.handler.codec.http2;

import io.netty.channel.ChannelHandlerContext;
import java.util.function.IntPredicate;

/**
 * RFC 9113 5.1.1: a client's new stream must have an id above every stream it opened; a HEADERS frame whose id is
 * not (a stream id lower than one already used, or the id of a stream already closed) "MUST" be answered with a
 * connection error of type PROTOCOL_ERROR. Netty's decoder resets only that stream (STREAM_CLOSED) and goes on, so
 * a client could replay ids at will; HAProxy 2.6 ends the connection too (with STREAM_CLOSED). Checked where
 * frames are read, before the decoder: a HEADERS frame on a stream that is not open, whose id the client may
 * already have used, ends the connection, except on a stream this side reset lately ({@code resetByUs}): trailers
 * the client had in flight there are ignored (RFC 9113 5.1), as before. Loop-confined.
 */
public final class ReusedStreamIdReader extends ListenerDecoratingReader {
    private final Http2Connection connection;
    private final IntPredicate resetByUs;

    public ReusedStreamIdReader(Http2FrameReader reader, Http2Connection connection, IntPredicate resetByUs) {
        super(reader);
        this.connection = connection;
        this.resetByUs = resetByUs;
    }

    @Override
    Http2FrameListener decorate(Http2FrameListener listener) {
        return new Checking(listener);
    }

    private void check(int streamId) throws Http2Exception {
        Http2Connection.Endpoint<?> remote = connection.remote();
        // a new stream's id is above the last one: one comparison on the usual path, no lookup
        if (streamId <= remote.lastStreamCreated()
                && remote.isValidStreamId(streamId)
                && connection.stream(streamId) == null
                && !resetByUs.test(streamId)) {
            throw Http2Exception.connectionError(
                    Http2Error.PROTOCOL_ERROR,
                    "HEADERS on stream %d, not above the last stream opened (%d)",
                    streamId,
                    remote.lastStreamCreated());
        }
    }

    private final class Checking extends Http2FrameListenerDecorator {
        Checking(Http2FrameListener listener) {
            super(listener);
        }

        @Override
        public void onHeadersRead(
                ChannelHandlerContext ctx, int streamId, Http2Headers headers, int padding, boolean endOfStream)
                throws Http2Exception {
            check(streamId);
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
            check(streamId);
            super.onHeadersRead(ctx, streamId, headers, streamDependency, weight, exclusive, padding, endOfStream);
        }
    }
}

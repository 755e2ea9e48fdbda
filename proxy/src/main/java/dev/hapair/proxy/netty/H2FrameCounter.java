package dev.hapair.proxy.netty;

import dev.hapair.proxy.backend.H2Counters;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2FrameLogger;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.handler.logging.LogLevel;

/**
 * Feeds a proxy's {@code h2} stats module from the HTTP/2 codec: the codec reports each frame read and written to
 * its frame logger, which this is (it logs nothing). Received: HEADERS, DATA, SETTINGS, RST_STREAM, GOAWAY; sent:
 * RST_STREAM and GOAWAY on errors (see {@link H2Counters}). One instance per connection.
 *
 * <p>It also counts the connection's stream frames (HEADERS and DATA, either way): what its idle check takes for
 * activity, where PING, SETTINGS or WINDOW_UPDATE frames that move no stream do not count.
 */
final class H2FrameCounter extends Http2FrameLogger {
    private final H2Counters counters;
    /** One codec per connection: whether the connection's first SETTINGS frame was received. */
    private boolean settingsSeen;
    /** HEADERS and DATA frames read and written so far. */
    private long streamFrames;

    H2FrameCounter(H2Counters counters) {
        super(LogLevel.TRACE, H2FrameCounter.class);
        this.counters = counters;
    }

    /** A HEADERS or DATA frame was written past the codec (the connection's response frames). */
    void sent() {
        streamFrames++;
    }

    /** The HEADERS and DATA frames read and written so far. */
    long streamFrames() {
        return streamFrames;
    }

    @Override
    public void logData(
            Direction direction, ChannelHandlerContext ctx, int streamId, ByteBuf data, int padding, boolean end) {
        streamFrames++;
        if (direction == Direction.INBOUND) counters.received(H2Counters.Frame.DATA);
    }

    @Override
    public void logHeaders(
            Direction direction,
            ChannelHandlerContext ctx,
            int streamId,
            Http2Headers headers,
            int padding,
            boolean endStream) {
        streamFrames++;
        if (direction == Direction.INBOUND) counters.received(H2Counters.Frame.HEADERS);
    }

    @Override
    public void logHeaders(
            Direction direction,
            ChannelHandlerContext ctx,
            int streamId,
            Http2Headers headers,
            int streamDependency,
            short weight,
            boolean exclusive,
            int padding,
            boolean endStream) {
        streamFrames++;
        if (direction == Direction.INBOUND) counters.received(H2Counters.Frame.HEADERS);
    }

    @Override
    public void logSettings(Direction direction, ChannelHandlerContext ctx, Http2Settings settings) {
        if (direction != Direction.INBOUND) return;
        counters.received(H2Counters.Frame.SETTINGS);
        if (!settingsSeen) counters.received(H2Counters.Frame.SETTINGS); // HAProxy counts the first one twice
        settingsSeen = true;
    }

    @Override
    public void logSettingsAck(Direction direction, ChannelHandlerContext ctx) {
        if (direction == Direction.INBOUND) counters.received(H2Counters.Frame.SETTINGS);
    }

    @Override
    public void logRstStream(Direction direction, ChannelHandlerContext ctx, int streamId, long errorCode) {
        if (direction == Direction.INBOUND) counters.received(H2Counters.Frame.RST_STREAM);
        else if (errorCode != Http2Error.NO_ERROR.code() && errorCode != Http2Error.CANCEL.code())
            counters.rstSentOnError(errorCode == Http2Error.PROTOCOL_ERROR.code());
    }

    @Override
    public void logGoAway(
            Direction direction, ChannelHandlerContext ctx, int lastStreamId, long errorCode, ByteBuf debugData) {
        if (direction == Direction.INBOUND) counters.received(H2Counters.Frame.GOAWAY);
        else if (errorCode != Http2Error.NO_ERROR.code()) counters.goawaySentOnError();
    }
}

package io.netty.handler.codec.http2;

/**
 * The decoder and encoder of an HTTP/2 client connection (we are its server) with a frame writer of hapair's own
 * ({@code dev.hapair.proxy.netty.H2ClientFrameWriter}), and the same limits Netty's connection handler builder
 * would have set.
 *
 * <p>Why not the builder: it makes its own {@link DefaultHttp2FrameWriter} and offers no way to give it another,
 * and with {@code codec(decoder, encoder)} it refuses the limit settings while adding its default decoder limits
 * on its own. The limit decorators are package-private, hence this class in Netty's package (as
 * {@link FirstClientStream} is). The composition is the builder's ({@code buildFromConnection} and {@code
 * buildFromCodec} of netty-codec-http2 4.1.137) with every option hapair set made explicit.
 */
public final class ClientConnectionCodec {
    private ClientConnectionCodec() {}

    /**
     * The flood limits of one connection.
     *
     * @param maxRstPerWindow             RST_STREAM frames received, and sent, per window (rapid reset)
     * @param rstWindowSeconds            that window
     * @param maxSmallContinuationFrames  CONTINUATION frames smaller than 8 KiB in a row
     * @param maxConsecutiveEmptyData     empty DATA frames without END_STREAM in a row
     * @param maxQueuedControlFrames      control frames queued for a client that does not read
     */
    public record Limits(
            int maxRstPerWindow,
            int rstWindowSeconds,
            int maxSmallContinuationFrames,
            int maxConsecutiveEmptyData,
            int maxQueuedControlFrames) {}

    /**
     * The larger frame size and HPACK table we announce hold from the moment they are sent: the client applies our
     * SETTINGS when it reads them (RFC 9113 6.5.3) and may use them at once, as HAProxy accepts them at once. Netty
     * applies its own settings when the client acknowledges them, and until then answered a frame of the announced
     * size with FRAME_SIZE_ERROR, a table size update to the announced size with COMPRESSION_ERROR. Both settings
     * are never below the protocol's defaults (tune.h2.max-frame-size from 16384, tune.h2.header-table-size from
     * 4096), so nothing the client may still send under the defaults is refused; the acknowledgement applies the
     * same values again.
     */
    static void acceptFromTheStart(Http2FrameReader.Configuration reader, Http2Settings settings) {
        try {
            Integer frame = settings.maxFrameSize();
            if (frame != null && frame > reader.frameSizePolicy().maxFrameSize())
                reader.frameSizePolicy().maxFrameSize(frame);
            Long table = settings.headerTableSize();
            if (table != null && table > reader.headersConfiguration().maxHeaderTableSize())
                reader.headersConfiguration().maxHeaderTableSize(table);
        } catch (Http2Exception e) {
            throw new IllegalArgumentException("settings out of range: " + settings, e);
        }
    }

    /** The two halves of the codec, to give {@link Http2ConnectionHandler}'s constructor. */
    public record Codec(Http2ConnectionDecoder decoder, Http2ConnectionEncoder encoder) {}

    /**
     * The codec of a server-side {@code connection} announcing {@code settings}, writing through {@code writer},
     * reporting every frame both ways to {@code frames}; {@code resetByUs} tells the streams this side reset lately
     * (a HEADERS frame on one is not a reused stream id: {@link ReusedStreamIdReader}).
     */
    public static Codec create(
            Http2Connection connection,
            Http2Settings settings,
            Http2FrameWriter writer,
            Http2FrameLogger frames,
            Limits limits,
            java.util.function.IntPredicate resetByUs) {
        // streams above the limit are refused from the first frame on, before the client acknowledged it
        Long maxStreams = settings.maxConcurrentStreams();
        if (maxStreams != null) connection.remote().maxActiveStreams((int) Math.min(maxStreams, Integer.MAX_VALUE));
        Long maxHeaderList = settings.maxHeaderListSize();
        Http2FrameReader reader = new DefaultHttp2FrameReader(
                new DefaultHttp2HeadersDecoder(
                        true, maxHeaderList == null ? Http2CodecUtil.DEFAULT_HEADER_LIST_SIZE : maxHeaderList, -1),
                limits.maxSmallContinuationFrames());
        acceptFromTheStart(reader.configuration(), settings);
        reader = new Http2InboundFrameLogger(reader, frames);
        // the empty DATA frame limit where frames are read: the decoder's decorator (Netty's builder's choice) does
        // not see the frames on a stream we reset, which are ignored (EmptyDataFrameLimitReader)
        reader = new EmptyDataFrameLimitReader(reader, limits.maxConsecutiveEmptyData());
        reader = new ReusedStreamIdReader(reader, connection, resetByUs);
        reader = new StreamWindowReader(reader, connection);
        Http2ConnectionEncoder encoder =
                new DefaultHttp2ConnectionEncoder(connection, new Http2OutboundFrameLogger(writer, frames));
        encoder = new Http2ControlFrameLimitEncoder(encoder, limits.maxQueuedControlFrames());
        encoder = new Http2MaxRstFrameLimitEncoder(encoder, limits.maxRstPerWindow(), limits.rstWindowSeconds());
        Http2ConnectionDecoder decoder = new DefaultHttp2ConnectionDecoder(
                connection,
                encoder,
                reader,
                Http2PromisedRequestVerifier.ALWAYS_VERIFY,
                true, // SETTINGS acknowledged and applied by the codec
                true, // PINGs answered by the codec
                true, // header names and values validated
                false); // a missing pseudo-header is the request translator's to answer
        decoder = new Http2MaxRstFrameDecoder(decoder, limits.maxRstPerWindow(), limits.rstWindowSeconds());
        return new Codec(decoder, encoder);
    }
}

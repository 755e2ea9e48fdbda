package dev.hapair.proxy.netty;

import dev.hapair.proxy.h2.StaticHpackEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http2.DefaultHttp2FrameWriter;
import io.netty.handler.codec.http2.Http2CodecUtil;
import io.netty.handler.codec.http2.Http2Exception;
import io.netty.handler.codec.http2.Http2Headers;
import java.util.Map;

/**
 * The frame writer of an HTTP/2 client connection: HEADERS and DATA (the frames each response is made of) as one
 * buffer each, written with the caller's promise; the other frames as Netty's writer makes them.
 *
 * <p>Why: Netty's writer makes a frame header buffer and a payload buffer per frame (for HEADERS, the header block
 * in a third it then copies), writes them apart with a promise each, tied by a promise aggregator; the two writes
 * then only get copied into one batch by {@link H2WriteCoalescer}. Here a HEADERS frame is encoded in place after
 * room for its frame header ({@link StaticHpackEncoder}), and a small DATA frame's payload is copied behind its
 * frame header: one buffer, one write, no promise of our own. With the connection's {@link H2WriteCoalescer},
 * those frames are encoded straight into its batch (no buffer of their own, no pass down the pipeline, no copy
 * there), where a write of them would have been copied, in the same order. A DATA payload larger than the coalescer copies is
 * written as it is after a frame header of its own (a void promise: the payload's write carries the caller's, and
 * a failed write fails the connection either way). A header block over the client's frame size is split into
 * HEADERS and CONTINUATION frames from the same encoding.
 */
final class H2ClientFrameWriter extends DefaultHttp2FrameWriter {
    private static final byte DATA = 0x0, HEADERS = 0x1, CONTINUATION = 0x9;
    private static final int END_STREAM = 0x1, END_HEADERS = 0x4;
    private static final int FRAME_HEADER = Http2CodecUtil.FRAME_HEADER_LENGTH;

    /** The largest DATA payload copied behind its frame header: the whole frame is one the coalescer copies. */
    static final int COPY_DATA_MAX = H2WriteCoalescer.COPY_MAX - FRAME_HEADER;

    /** Past any batch: a bound this large is never put in one. */
    private static final long BIG = 1 << 20;

    /** Room first given to a header block (a response's is ~100-300 bytes; the buffer grows past it). */
    private static final int BLOCK_GUESS = 512;

    private final StaticHpackEncoder hpack;

    /** The connection's write coalescer, whose batch HEADERS and small DATA frames are encoded into; or null. */
    private final H2WriteCoalescer batch;

    /** A writer whose every frame goes through the pipeline (tests). */
    H2ClientFrameWriter() {
        this(null);
    }

    H2ClientFrameWriter(H2WriteCoalescer batch) {
        this(new StaticHpackEncoder(), batch);
    }

    private H2ClientFrameWriter(StaticHpackEncoder hpack, H2WriteCoalescer batch) {
        super(hpack);
        this.hpack = hpack;
        this.batch = batch;
    }

    /**
     * The most a header block of {@code headers} can take: each field's name and value raw, with up to 4 bytes for
     * each length and the field's first byte; 5 more for a table size update.
     */
    private static long blockBound(Http2Headers headers) {
        long n = 5;
        for (Map.Entry<CharSequence, CharSequence> e : headers) {
            n += e.getKey().length() + e.getValue().length() + 10L;
        }
        return n;
    }

    @Override
    public ChannelFuture writeHeaders(
            ChannelHandlerContext ctx,
            int streamId,
            Http2Headers headers,
            int padding,
            boolean endStream,
            ChannelPromise promise) {
        if (padding != 0 || streamId <= 0)
            return super.writeHeaders(ctx, streamId, headers, padding, endStream, promise);
        try {
            headersFrame(ctx, streamId, headers, endStream, promise);
        } catch (Http2Exception e) {
            return promise.setFailure(e); // as Netty's writer: the encoder resets the stream
        } catch (RuntimeException | Error e) {
            promise.tryFailure(e);
            throw e;
        }
        return promise;
    }

    /**
     * Writes a HEADERS frame (CONTINUATION frames after it when the block is over the client's frame size) with
     * {@code promise}, which may be a void one: an encoding failure (a block over the client's
     * SETTINGS_MAX_HEADER_LIST_SIZE) is thrown, with nothing written and the promise untouched, for the caller to
     * reset the stream.
     */
    void headersFrame(
            ChannelHandlerContext ctx, int streamId, Http2Headers headers, boolean endStream, ChannelPromise promise)
            throws Http2Exception {
        ByteBuf into = batch == null ? null : batch.room((int) Math.min(BIG, FRAME_HEADER + blockBound(headers)));
        if (into != null) {
            // straight into the batch (its bound is under a batch: the block is under any frame size, never split)
            int at = into.writerIndex();
            into.writerIndex(at + FRAME_HEADER);
            try {
                hpack.encodeHeaders(streamId, headers, into);
            } catch (Http2Exception | RuntimeException | Error e) {
                into.writerIndex(at);
                throw e;
            }
            int block = into.writerIndex() - at - FRAME_HEADER;
            frameHeader(into, at, block, HEADERS, END_HEADERS | (endStream ? END_STREAM : 0), streamId);
            batch.appended(promise);
            return;
        }
        ByteBuf buf = ctx.alloc().buffer(FRAME_HEADER + BLOCK_GUESS);
        try {
            buf.writerIndex(FRAME_HEADER);
            hpack.encodeHeaders(streamId, headers, buf);
            int block = buf.writerIndex() - FRAME_HEADER;
            int max = maxFrameSize();
            int end = endStream ? END_STREAM : 0;
            ByteBuf out;
            if (block <= max) {
                frameHeader(buf, 0, block, HEADERS, END_HEADERS | end, streamId);
                out = buf;
                buf = null;
            } else {
                out = split(ctx, buf, block, max, end, streamId);
            }
            ctx.write(out, promise);
        } finally {
            if (buf != null) buf.release();
        }
    }

    /** A block over the frame size: HEADERS with its first {@code max} bytes, then CONTINUATION frames. */
    private static ByteBuf split(ChannelHandlerContext ctx, ByteBuf buf, int block, int max, int end, int streamId) {
        int frames = (block + max - 1) / max;
        ByteBuf out = ctx.alloc().buffer(block + frames * FRAME_HEADER);
        int from = FRAME_HEADER;
        int left = block;
        boolean first = true;
        while (left > 0) {
            int n = Math.min(left, max);
            left -= n;
            int flags = (first ? end : 0) | (left == 0 ? END_HEADERS : 0);
            int at = out.writerIndex();
            out.writerIndex(at + FRAME_HEADER);
            frameHeader(out, at, n, first ? HEADERS : CONTINUATION, flags, streamId);
            out.writeBytes(buf, from, n);
            from += n;
            first = false;
        }
        return out;
    }

    @Override
    public ChannelFuture writeData(
            ChannelHandlerContext ctx,
            int streamId,
            ByteBuf data,
            int padding,
            boolean endStream,
            ChannelPromise promise) {
        int n = data.readableBytes();
        if (padding != 0 || streamId <= 0 || n > maxFrameSize()) {
            return super.writeData(ctx, streamId, data, padding, endStream, promise);
        }
        int flags = endStream ? END_STREAM : 0;
        ByteBuf into = n > COPY_DATA_MAX || batch == null ? null : batch.room(FRAME_HEADER + n);
        if (into != null) {
            int at = into.writerIndex();
            into.writerIndex(at + FRAME_HEADER);
            frameHeader(into, at, n, DATA, flags, streamId);
            into.writeBytes(data, data.readerIndex(), n);
            data.release();
            batch.appended(promise);
            return promise;
        }
        ByteBuf header = null;
        try {
            if (n <= COPY_DATA_MAX) {
                header = ctx.alloc().buffer(FRAME_HEADER + n);
                header.writerIndex(FRAME_HEADER);
                frameHeader(header, 0, n, DATA, flags, streamId);
                header.writeBytes(data, data.readerIndex(), n);
                data.release();
                data = null;
                ByteBuf out = header;
                header = null;
                return ctx.write(out, promise);
            }
            header = ctx.alloc().buffer(FRAME_HEADER);
            header.writerIndex(FRAME_HEADER);
            frameHeader(header, 0, n, DATA, flags, streamId);
            ByteBuf h = header;
            header = null;
            ctx.write(h, ctx.voidPromise());
            ByteBuf d = data;
            data = null;
            return ctx.write(d, promise);
        } catch (Throwable t) {
            promise.tryFailure(t); // as Netty's writer: the failure goes to the promise, what was taken is released
            return promise;
        } finally {
            if (header != null) header.release();
            if (data != null) data.release();
        }
    }

    private static void frameHeader(ByteBuf buf, int at, int length, byte type, int flags, int streamId) {
        buf.setMedium(at, length);
        buf.setByte(at + 3, type);
        buf.setByte(at + 4, flags);
        buf.setInt(at + 5, streamId);
    }
}

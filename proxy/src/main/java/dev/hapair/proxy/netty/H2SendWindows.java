package dev.hapair.proxy.netty;

import static io.netty.handler.codec.http2.Http2Error.FLOW_CONTROL_ERROR;
import static io.netty.handler.codec.http2.Http2Error.INTERNAL_ERROR;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http2.Http2CodecUtil;
import io.netty.handler.codec.http2.Http2Connection;
import io.netty.handler.codec.http2.Http2ConnectionAdapter;
import io.netty.handler.codec.http2.Http2Exception;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2RemoteFlowController;
import io.netty.handler.codec.http2.Http2Stream;
import java.util.ArrayDeque;

/**
 * Outbound (send-side) HTTP/2 flow control of a client connection: RFC 9113 section 6.9's stream and connection
 * windows over what the encoder queues per stream, in place of Netty's {@code DefaultHttp2RemoteFlowController} +
 * {@code UniformStreamByteDistributor}.
 *
 * <p>Why our own: Netty's pair keeps, per stream, a state object with a deque, a distributor node and a
 * writability mark, and re-runs the distributor's bookkeeping on every queued frame, every written frame and every
 * window change; with small responses that is ~1.25 us per request. Here a stream's state is one object (its queue
 * made only when a second frame waits), the streams with something to send sit in one FIFO, and {@link
 * #writePendingBytes} serves them round-robin, each in turn taking an equal share of what the connection window and
 * the socket allow, so one large response cannot starve the others.
 *
 * <p>Rules kept (what the tests pin): a frame of no flow-controlled size (HEADERS, trailers, an empty DATA with
 * END_STREAM) goes as soon as its stream's earlier frames went, whatever the windows; DATA goes only within both
 * windows, the frame writer splitting it to the client's frame size; SETTINGS_INITIAL_WINDOW_SIZE moves every open
 * stream's window by the difference (it may go negative); a WINDOW_UPDATE past 2^31-1 is a FLOW_CONTROL_ERROR of the
 * stream, or of the connection (as is a SETTINGS change that would overflow a window); a stream closed or half-closed
 * by us drops its queue, failing the frames (which releases their buffers); a stream is writable while its window
 * and the connection's exceed what is queued and the socket is writable, and the listener hears every change of
 * that (the session pauses its server's reads on it: memory per stream is bounded by what it wrote before).
 */
final class H2SendWindows implements Http2RemoteFlowController {
    /** The least share a stream is offered per turn, so that many streams do not each get a few bytes. */
    private static final int MIN_SHARE = 1024;
    /** What is written past the socket's high-water mark at most when it is just writable (as Netty's: 32 KiB). */
    private static final int MIN_WRITABLE_CHUNK = 32 * 1024;

    private final Http2Connection connection;
    private final Http2Connection.PropertyKey key;
    /** The streams with frames queued, in the order they are served (a stream may stay here after emptying). */
    private final ArrayDeque<StreamWindow> ready = new ArrayDeque<>();

    private ChannelHandlerContext ctx;
    private Listener listener;
    /** Writes the frames {@link #sendHeaders} and {@link #sendData} take (the client connection's). */
    private FrameSink sink;

    private int initialWindowSize = Http2CodecUtil.DEFAULT_WINDOW_SIZE;
    private int connectionWindow = Http2CodecUtil.DEFAULT_WINDOW_SIZE;
    /** Flow-controlled bytes queued on all streams. */
    private long totalPending;
    /** The connection's writability as last told to the listener. */
    private boolean connectionMarked;
    /**
     * {@link #writePendingBytes} is writing: a frame's write may run the channel's writability events (the socket
     * going unwritable as the frame writer hands it a frame's header, then its payload), and whatever they do must
     * not write another frame between the two (it would cut into the frame on the wire): a nested {@link
     * #writePendingBytes} only asks for another round, the listener hears of writability changes once it is done.
     */
    private boolean writingAll;
    /** A nested {@link #writePendingBytes} came while writing: the outer one goes round again. */
    private boolean writeAgain;
    /** A writability check came while writing: every stream is checked once the writing is done. */
    private boolean checkAfterWriting;

    H2SendWindows(Http2Connection connection) {
        this.connection = connection;
        this.key = connection.newKey();
        connection.addListener(new Http2ConnectionAdapter() {
            @Override
            public void onStreamAdded(Http2Stream stream) {
                stream.setProperty(key, new StreamWindow(stream));
            }

            @Override
            public void onStreamActive(Http2Stream stream) {
                StreamWindow s = stream.getProperty(key);
                s.window = initialWindowSize;
                s.active = true;
                s.marked = connectionMarked; // as Netty's: a new stream starts with the connection's mark
            }

            @Override
            public void onStreamClosed(Http2Stream stream) {
                cancelled(stream.getProperty(key));
            }

            @Override
            public void onStreamHalfClosed(Http2Stream stream) {
                // our side ended: whatever a faulty caller queued after END_STREAM can never go
                if (stream.state() == Http2Stream.State.HALF_CLOSED_LOCAL) cancelled(stream.getProperty(key));
            }
        });
    }

    /**
     * Writes a response's frames for {@link #sendHeaders} and {@link #sendData}, and owns what follows them: the
     * frame writer into the connection's batch, the frame count, END_STREAM closing the stream's local side, the
     * connection's error handling.
     */
    interface FrameSink {
        /**
         * A HEADERS frame (CONTINUATION frames after it when needed); {@code promise} null when no one listens. A
         * frame that cannot be sent (too many HEADERS for the stream, a block over the client's header list size)
         * is thrown, with nothing written.
         */
        void headers(Http2Stream stream, Http2Headers headers, boolean end, ChannelPromise promise)
                throws Http2Exception;

        /** One DATA frame of {@code data} (at most {@link #maxFrameSize}), which it takes; promise as above. */
        void data(Http2Stream stream, ByteBuf data, boolean end, ChannelPromise promise);

        /** A frame failed to be written ({@link #headers} threw): its promise fails, the error is the connection's. */
        void failed(Throwable cause, ChannelPromise promise);

        /** The client's SETTINGS_MAX_FRAME_SIZE. */
        int maxFrameSize();
    }

    void sink(FrameSink sink) {
        this.sink = sink;
    }

    /**
     * Response HEADERS (or trailers, {@code end}) of {@code stream}, in place of Netty's encoder: written now into
     * the connection's batch when none of the stream's frames wait, else queued behind them (HEADERS take no window
     * but keep their place). {@code promise} null when no one listens: nothing is made per frame then. As the
     * encoder: refused, failing the connection, on a stream that is not open on our side or whose END_STREAM was
     * already given.
     */
    void sendHeaders(Http2Stream stream, Http2Headers headers, boolean end, ChannelPromise promise) {
        StreamWindow s = stream.getProperty(key);
        IllegalStateException refused = refusal(s, stream);
        if (refused != null) {
            sink.failed(refused, promise);
            return;
        }
        if (end) s.endGiven = true;
        if (s.hasFrame() || writingAll) {
            s.enqueue(new QueuedHeaders(stream, headers, end, promise), ctx);
            checkConnectionThenStream(s);
            return;
        }
        writingAll = true;
        try {
            sink.headers(stream, headers, end, promise);
        } catch (Throwable t) {
            sink.failed(t, promise);
        } finally {
            writingAll = false;
        }
        afterDirectWrite(s);
    }

    /**
     * Response DATA of {@code stream} (taken: released when it cannot go), in place of Netty's encoder: written now
     * into the connection's batch (split to the client's frame size) when no frame of any stream waits and both
     * windows and the socket take all of it, else queued for {@link #writePendingBytes}. {@code promise} as for
     * {@link #sendHeaders}. As the encoder: refused (the data released, the promise failed, nothing else) on a
     * stream that is not open on our side or whose END_STREAM was already given.
     */
    void sendData(Http2Stream stream, ByteBuf data, boolean end, ChannelPromise promise) {
        StreamWindow s = stream.getProperty(key);
        IllegalStateException refused = refusal(s, stream);
        if (refused != null) {
            data.release();
            if (promise != null) promise.tryFailure(refused);
            return;
        }
        if (end) s.endGiven = true;
        int n = data.readableBytes();
        if (n == 0 && !end) {
            // as Netty's encoder: an empty DATA frame without END_STREAM is not sent, its promise completes
            data.release();
            if (promise != null) promise.trySuccess();
            return;
        }
        if (!s.hasFrame()
                && ready.isEmpty()
                && !writingAll
                && n <= s.window
                && n <= connectionWindow
                && (n == 0 || n <= writableBytes())) {
            s.window -= n;
            connectionWindow -= n;
            writingAll = true; // as in writePendingBytes: nothing else is written inside this frame's writes
            try {
                writeData(stream, data, n, end, promise);
            } finally {
                writingAll = false;
            }
            afterDirectWrite(s);
            return;
        }
        s.enqueue(new QueuedData(stream, data, end, promise), ctx);
        checkConnectionThenStream(s);
    }

    /**
     * After a frame written at once: what the writability events its writes ran asked for (another round of the
     * queues, writability checks) is done now; the stream's writability is checked either way.
     */
    private void afterDirectWrite(StreamWindow s) {
        if (writeAgain) {
            writeAgain = false;
            try {
                writePendingBytes();
            } catch (Http2Exception e) {
                throw new IllegalStateException(e); // it throws none
            }
        }
        if (checkAfterWriting) {
            checkAll();
        } else {
            checkConnectionThenStream(s);
        }
    }

    /** A frame is being written now: whatever its writes' events run must not write (see {@link #writingAll}). */
    boolean writing() {
        return writingAll;
    }

    /** Why {@code stream} takes no more frames, or null. */
    private static IllegalStateException refusal(StreamWindow s, Http2Stream stream) {
        Http2Stream.State state = stream.state();
        if (state != Http2Stream.State.OPEN && state != Http2Stream.State.HALF_CLOSED_REMOTE) {
            return new IllegalStateException("Stream " + stream.id() + " in unexpected state " + state);
        }
        if (s == null || !s.active || s.cancelled || s.endGiven) {
            return new IllegalStateException("Stream " + stream.id() + " already ended its side");
        }
        return null;
    }

    /** {@code n} bytes of {@code data} as DATA frames of at most the client's frame size; the last has the flags. */
    private void writeData(Http2Stream stream, ByteBuf data, int n, boolean end, ChannelPromise promise) {
        int max = sink.maxFrameSize();
        while (n > max) {
            sink.data(stream, data.readRetainedSlice(max), false, null);
            n -= max;
        }
        sink.data(stream, data, end, promise);
    }

    /** Queued HEADERS or trailers: no window, written when the stream's earlier frames went. */
    private final class QueuedHeaders implements FlowControlled {
        private final Http2Stream stream;
        private final Http2Headers headers;
        private final boolean end;
        private final ChannelPromise promise;
        private boolean done;

        QueuedHeaders(Http2Stream stream, Http2Headers headers, boolean end, ChannelPromise promise) {
            this.stream = stream;
            this.headers = headers;
            this.end = end;
            this.promise = promise;
        }

        @Override
        public int size() {
            return 0;
        }

        @Override
        public void write(ChannelHandlerContext ctx, int allowedBytes) {
            if (done) return;
            done = true;
            try {
                sink.headers(stream, headers, end, promise);
            } catch (Throwable t) {
                sink.failed(t, promise);
            }
        }

        @Override
        public void writeComplete() {}

        @Override
        public void error(ChannelHandlerContext ctx, Throwable cause) {
            if (promise != null) promise.tryFailure(cause);
        }

        @Override
        public boolean merge(ChannelHandlerContext ctx, FlowControlled next) {
            return false;
        }
    }

    /** Queued DATA: written in pieces as the windows allow; the last piece carries END_STREAM and the promise. */
    private final class QueuedData implements FlowControlled {
        private final Http2Stream stream;
        private ByteBuf data;
        private final boolean end;
        private final ChannelPromise promise;

        QueuedData(Http2Stream stream, ByteBuf data, boolean end, ChannelPromise promise) {
            this.stream = stream;
            this.data = data;
            this.end = end;
            this.promise = promise;
        }

        @Override
        public int size() {
            return data == null ? 0 : data.readableBytes();
        }

        @Override
        public void write(ChannelHandlerContext ctx, int allowedBytes) {
            ByteBuf d = data;
            if (d == null) return;
            int left = d.readableBytes();
            int n = Math.min(left, allowedBytes);
            if (n < left) {
                if (n > 0) writeData(stream, d.readRetainedSlice(n), n, false, null);
                return;
            }
            data = null;
            writeData(stream, d, n, end, promise);
        }

        @Override
        public void writeComplete() {}

        @Override
        public void error(ChannelHandlerContext ctx, Throwable cause) {
            ByteBuf d = data;
            data = null;
            if (d != null) d.release();
            if (promise != null) promise.tryFailure(cause);
        }

        @Override
        public boolean merge(ChannelHandlerContext ctx, FlowControlled next) {
            return false;
        }
    }

    @Override
    public void channelHandlerContext(ChannelHandlerContext ctx) throws Http2Exception {
        this.ctx = ctx;
        channelWritabilityChanged();
        if (isChannelWritable()) writePendingBytes();
    }

    @Override
    public ChannelHandlerContext channelHandlerContext() {
        return ctx;
    }

    @Override
    public void listener(Listener listener) {
        this.listener = listener;
    }

    @Override
    public int initialWindowSize() {
        return initialWindowSize;
    }

    @Override
    public void initialWindowSize(int newWindowSize) throws Http2Exception {
        if (newWindowSize < 0) throw new IllegalArgumentException("Invalid initial window size: " + newWindowSize);
        int delta = newWindowSize - initialWindowSize;
        // check every window before changing any: an overflow is the connection's error (RFC 9113 6.9.2)
        connection.forEachActiveStream(stream -> {
            StreamWindow s = stream.getProperty(key);
            if (delta > 0 && s.window > Integer.MAX_VALUE - delta) {
                throw Http2Exception.connectionError(
                        FLOW_CONTROL_ERROR, "SETTINGS_INITIAL_WINDOW_SIZE overflows the window of stream %d", s.id);
            }
            return true;
        });
        initialWindowSize = newWindowSize;
        connection.forEachActiveStream(stream -> {
            StreamWindow s = stream.getProperty(key);
            s.window += delta;
            if (delta > 0 && s.pending > 0) requeue(s);
            return true;
        });
        if (delta > 0) writePendingBytes();
        checkAll();
    }

    @Override
    public int windowSize(Http2Stream stream) {
        if (stream.id() == Http2CodecUtil.CONNECTION_STREAM_ID) return connectionWindow;
        StreamWindow s = stream.getProperty(key);
        return s == null || !s.active ? 0 : s.window;
    }

    @Override
    public void incrementWindowSize(Http2Stream stream, int delta) throws Http2Exception {
        if (stream.id() == Http2CodecUtil.CONNECTION_STREAM_ID) {
            if (delta > 0 && connectionWindow > Integer.MAX_VALUE - delta) {
                throw Http2Exception.connectionError(FLOW_CONTROL_ERROR, "Window size overflow for the connection");
            }
            connectionWindow += delta;
            if (isWritableConnection() != connectionMarked) checkAll();
            return;
        }
        StreamWindow s = stream.getProperty(key);
        if (s == null || !s.active) return; // not open yet (an idle stream's update is the decoder's to refuse)
        if (delta > 0 && s.window > Integer.MAX_VALUE - delta) {
            throw Http2Exception.streamError(s.id, FLOW_CONTROL_ERROR, "Window size overflow for stream: %d", s.id);
        }
        s.window += delta;
        if (delta > 0 && s.pending > 0) requeue(s);
        checkStream(s);
    }

    @Override
    public void addFlowControlled(Http2Stream stream, FlowControlled frame) {
        StreamWindow s = stream.getProperty(key);
        try {
            if (s == null || !s.active || s.cancelled) {
                throw Http2Exception.streamError(
                        stream.id(), INTERNAL_ERROR, "Stream %d is not open for frames", stream.id());
            }
            s.enqueue(frame, ctx);
            checkConnectionThenStream(s);
        } catch (Throwable t) {
            frame.error(ctx, t);
        }
    }

    @Override
    public boolean hasFlowControlled(Http2Stream stream) {
        StreamWindow s = stream.getProperty(key);
        return s != null && s.hasFrame();
    }

    @Override
    public boolean isWritable(Http2Stream stream) {
        if (stream.id() == Http2CodecUtil.CONNECTION_STREAM_ID) return isWritableConnection();
        StreamWindow s = stream.getProperty(key);
        return s != null && s.active && isWritable(s);
    }

    @Override
    public void channelWritabilityChanged() throws Http2Exception {
        if (isWritableConnection() != connectionMarked) checkAll();
    }

    @Override
    public void updateDependencyTree(int childStreamId, int parentStreamId, short weight, boolean exclusive) {
        // priorities are not honoured (RFC 9113 5.3 deprecated them; HAProxy ignores them too): round-robin
    }

    /**
     * Writes what the windows and the socket allow: streams in turn, each offered an equal share of what is left,
     * until a whole turn of the queue moved nothing. Frames of no flow-controlled size always go.
     */
    @Override
    public void writePendingBytes() throws Http2Exception {
        if (ctx == null) return;
        if (writingAll) {
            writeAgain = true;
            return;
        }
        writingAll = true;
        try {
            // bounded: a round asks for another only through the events its writes ran
            for (int round = 0; round < 8; round++) {
                writeAgain = false;
                writeRound();
                if (!writeAgain || !isChannelWritable()) break;
            }
        } finally {
            writingAll = false;
            writeAgain = false;
        }
        if (checkAfterWriting) checkAll();
    }

    private void writeRound() {
        int budget = writableBytes();
        boolean moved = true;
        while (moved && !ready.isEmpty()) {
            moved = false;
            int turn = ready.size();
            int share = Math.max(MIN_SHARE, budget / turn);
            for (int i = 0; i < turn && !ready.isEmpty(); i++) {
                StreamWindow s = ready.poll();
                s.queued = false;
                if (!s.hasFrame()) continue;
                int allowed = Math.min(Math.min(share, budget), Math.min(s.window, connectionWindow));
                int before = s.framesWritten;
                int written = s.write(allowed);
                budget -= written;
                if (written > 0 || s.framesWritten != before) moved = true;
                if (s.hasFrame() && (s.window > 0 || s.headIsEmpty())) requeue(s);
                // a stream whose own window is spent waits out of the queue for its WINDOW_UPDATE
            }
            if (budget <= 0) budget = 0; // later turns move only frames of no size
        }
    }

    private void requeue(StreamWindow s) {
        if (!s.queued && !s.cancelled) {
            s.queued = true;
            ready.add(s);
        }
    }

    /** Bytes the connection window and the socket take now (Netty's rule: at least 32 KiB while writable). */
    private int writableBytes() {
        long before = ctx.channel().bytesBeforeUnwritable();
        int channel = before > 0 ? (int) Math.min(Integer.MAX_VALUE, Math.max(before, minUsableChannelBytes())) : 0;
        return Math.max(0, Math.min(connectionWindow, channel));
    }

    private int minUsableChannelBytes() {
        return Math.max(ctx.channel().config().getWriteBufferLowWaterMark(), MIN_WRITABLE_CHUNK);
    }

    private boolean isChannelWritable() {
        return ctx != null && ctx.channel().isWritable();
    }

    private boolean isWritableConnection() {
        return connectionWindow - totalPending > 0 && isChannelWritable();
    }

    private boolean isWritable(StreamWindow s) {
        return isWritableConnection() && (long) s.window - s.pending > 0;
    }

    private void cancelled(StreamWindow s) {
        if (s == null) return;
        s.cancel(null);
        checkConnectionThenStream(s);
    }

    private void checkConnectionThenStream(StreamWindow s) {
        if (isWritableConnection() != connectionMarked) {
            checkAll();
        } else {
            checkStream(s);
        }
    }

    private void checkStream(StreamWindow s) {
        if (writingAll) {
            checkAfterWriting = true;
            return;
        }
        if (s.active && isWritable(s) != s.marked) notifyChanged(s);
    }

    private void checkAll() {
        if (writingAll) {
            checkAfterWriting = true;
            return;
        }
        checkAfterWriting = false;
        connectionMarked = isWritableConnection();
        try {
            connection.forEachActiveStream(stream -> {
                checkStream(stream.getProperty(key));
                return true;
            });
        } catch (Http2Exception e) {
            throw new IllegalStateException(e); // the visitor throws none
        }
    }

    private void notifyChanged(StreamWindow s) {
        s.marked = !s.marked;
        if (listener != null) listener.writabilityChanged(s.stream);
    }

    /** One stream's window and queue. */
    private final class StreamWindow {
        final Http2Stream stream;
        final int id;
        int window;
        /** Flow-controlled bytes queued (padding included). */
        int pending;
        /** The only frame queued, until a second one comes: no deque for the usual response. */
        FlowControlled first;

        ArrayDeque<FlowControlled> more;
        boolean active;
        boolean queued;
        boolean cancelled;
        boolean writing;
        /** The writability last told to the listener. */
        boolean marked;
        /** A frame with END_STREAM was given ({@link #sendHeaders}, {@link #sendData}): nothing may follow it. */
        boolean endGiven;
        /** Frames completed so far (so a turn that wrote only frames of no size counts as progress). */
        int framesWritten;

        StreamWindow(Http2Stream stream) {
            this.stream = stream;
            this.id = stream.id();
        }

        boolean hasFrame() {
            return first != null;
        }

        boolean headIsEmpty() {
            return first != null && first.size() == 0;
        }

        void enqueue(FlowControlled frame, ChannelHandlerContext ctx) {
            addPending(frame.size());
            FlowControlled last = more != null && !more.isEmpty() ? more.peekLast() : first;
            if (last != null && last.merge(ctx, frame)) return;
            if (first == null) {
                first = frame;
            } else {
                if (more == null) more = new ArrayDeque<>(2);
                more.add(frame);
            }
            requeue(this);
        }

        private void addPending(int n) {
            pending += n;
            totalPending += n;
        }

        private void removeHead() {
            first = more == null ? null : more.poll();
        }

        /** Writes the queue's head frames within {@code allowed} bytes; returns the flow-controlled bytes written. */
        int write(int allowed) {
            int written = 0;
            while (first != null && !cancelled) {
                FlowControlled frame = first;
                int size = frame.size();
                int max = allowed - written;
                if (max <= 0 && size != 0) break;
                Throwable cause = null;
                writing = true;
                try {
                    frame.write(ctx, Math.max(0, max));
                    // written whole, even when its own END_STREAM closed our side meanwhile (which cancels the
                    // stream): it leaves the queue as written, its promise the write's, not failed as a dropped one
                    if (frame.size() == 0) {
                        removeHead();
                        framesWritten++;
                        frame.writeComplete();
                    }
                } catch (Throwable t) {
                    cancelled = true;
                    cause = t;
                } finally {
                    writing = false;
                    int n = size - frame.size();
                    window -= n;
                    connectionWindow -= n;
                    addPending(-n);
                    written += n;
                    if (cancelled) cancel(cause);
                }
                if (frame == first) break; // the head took what it could and still has data: the share is spent
            }
            return written;
        }

        /** Drops the queue: every frame fails, which releases its buffers. Not while one is being written. */
        void cancel(Throwable cause) {
            cancelled = true;
            if (writing) return;
            Http2Exception error = null;
            while (first != null) {
                FlowControlled frame = first;
                removeHead();
                if (error == null) {
                    error = Http2Exception.streamError(
                            id, INTERNAL_ERROR, cause, "Stream closed before write could take place");
                }
                addPending(-frame.size());
                frame.error(ctx, error);
            }
        }
    }
}

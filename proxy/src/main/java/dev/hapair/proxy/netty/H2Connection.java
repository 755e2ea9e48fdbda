package dev.hapair.proxy.netty;

import dev.hapair.proxy.backend.FrontendRuntime;
import dev.hapair.proxy.h1.H1Exception;
import dev.hapair.proxy.h1.H1Limits;
import dev.hapair.proxy.h2.H2Limits;
import dev.hapair.proxy.h2.RequestBody;
import dev.hapair.proxy.h2.RequestTranslator;
import dev.hapair.proxy.h2.ResponseTranslator;
import dev.hapair.proxy.h2.StreamRefused;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http2.ClientConnectionCodec;
import io.netty.handler.codec.http2.DefaultHttp2Connection;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2LocalFlowController;
import io.netty.handler.codec.http2.Http2Connection;
import io.netty.handler.codec.http2.Http2ConnectionAdapter;
import io.netty.handler.codec.http2.Http2ConnectionDecoder;
import io.netty.handler.codec.http2.Http2ConnectionEncoder;
import io.netty.handler.codec.http2.Http2ConnectionHandler;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2Exception;
import io.netty.handler.codec.http2.Http2FrameAdapter;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.handler.codec.http2.Http2Stream;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;

/**
 * An HTTP/2 client connection served at the frame level: Netty's connection handler (frame reading, HPACK
 * decoding, flow control, the limits against the known attacks; composed by {@link ClientConnectionCodec}) with
 * hapair's frame writer ({@link H2ClientFrameWriter}: HEADERS and DATA as one buffer each, HPACK with the static
 * table only) and one frame listener that drives each stream's {@link HttpSession}
 * directly, through a {@link Stream} (the session's {@link ClientEnd}), with no channel or pipeline per stream.
 *
 * <p>HEADERS and DATA in become the request's HTTP/1.1 bytes ({@link RequestTranslator}, {@link RequestBody}); the
 * HTTP/1.1 bytes (or parsed head) the session writes become HEADERS and DATA out ({@link ResponseTranslator}),
 * written through the encoder. A malformed request resets its stream with PROTOCOL_ERROR before the session sees
 * a byte of it; the other streams go on.
 *
 * <p>Back-pressure: toward the server, a stream is writable while HTTP/2 flow control lets its data go (the
 * stream's and the connection's windows, and the socket's own writability: {@code
 * Http2RemoteFlowController.isWritable}); the session pauses its server's reads when it is not and resumes them on
 * the flow controller's writability event, so what waits per stream is at most one server read. Toward the client,
 * a paused stream keeps the DATA frames that arrive (bounded by the stream's window, which only reopens as its
 * DATA is taken) and consumes them when it resumes.
 *
 * <p>Data is sent with the uniform byte distributor (streams share the connection window equally; priorities,
 * deprecated by RFC 9113, are not followed).
 */
final class H2Connection extends Http2ConnectionHandler {
    private final ProxyContext px;
    private final FrontendRuntime fe;
    private final H1Limits responseLimits;
    private final Http2Connection.PropertyKey key;
    private final H2FrameCounter frames;
    private ChannelHandlerContext ctx;
    /** Streams that took something in the current read batch: their sessions hear of its end. */
    private final ArrayList<Stream> readers = new ArrayList<>();
    /** The connection's facts, found by its first stream's session and shared by the others'. */
    private final HttpSession.StreamShared shared = new HttpSession.StreamShared();
    /**
     * The client closed its sending side (a FIN) while streams were open: as HAProxy (without {@code option
     * abortonclose}), complete requests still go to their servers, and the connection closes once its last stream
     * has ended. Nothing is written to it before then: a peer that closed fully would answer with a reset that
     * takes every stream down with it.
     */
    private boolean inputShut;
    /** Response frames go straight to it (HEADERS, DATA, trailers), not through Netty's encoder. */
    private final H2SendWindows flow;
    /** Writes those frames into the connection's batch. */
    private final H2ClientFrameWriter writer;
    /**
     * Streams whose END_STREAM was written on a half-closed (remote) stream with no one listening to the write:
     * they close at the end of the next flush (the frame is then in the socket's outbound buffer, in order), as
     * they closed with the write's promise when Netty's encoder made one per frame.
     */
    private final ArrayList<Http2Stream> endsWritten = new ArrayList<>();

    private H2Connection(
            Http2ConnectionDecoder decoder,
            Http2ConnectionEncoder encoder,
            Http2Settings settings,
            ProxyContext px,
            FrontendRuntime fe,
            H2FrameCounter frames,
            H2SendWindows flow,
            H2ClientFrameWriter writer,
            RecentResets recentResets) {
        super(decoder, encoder, settings);
        this.recentResets = recentResets;
        this.flow = flow;
        this.writer = writer;
        flow.sink(new ResponseFrames());
        this.px = px;
        this.fe = fe;
        this.frames = frames;
        H1Limits l = fe.settings().http();
        // what the engine relays was validated by it; only its own limits could be tighter
        this.responseLimits = new H1Limits(l.bufsize(), Math.max(l.maxHeadBytes(), 1 << 16), 32767, true);
        Http2Connection c = connection();
        this.key = c.newKey();
        c.addListener(new Http2ConnectionAdapter() {
            @Override
            public void onStreamClosed(Http2Stream stream) {
                Stream s = stream.getProperty(key);
                if (s != null) s.ended();
                // (a stream its session closed earlier may have had its last frames queued until now)
                if (inputShut) ctx.channel().eventLoop().execute(H2Connection.this::closeIfInputShut);
            }
        });
        c.remote().flowController().listener(stream -> {
            Stream s = stream.getProperty(key);
            if (s != null) s.writabilityChanged();
        });
    }

    /** The handler for a new client connection, with the frontend's limits, writing through {@code batch}. */
    static H2Connection create(ProxyContext px, FrontendRuntime fe, H2WriteCoalescer batch) {
        H2Limits lim = fe.h2Limits();
        Http2Settings settings = new Http2Settings()
                .maxConcurrentStreams(lim.maxConcurrentStreams())
                .headerTableSize(lim.headerTableSize())
                .initialWindowSize(lim.initialWindowSize())
                .maxFrameSize(lim.maxFrameSize())
                .maxHeaderListSize(lim.maxHeaderListSize())
                .connectProtocolEnabled(true); // RFC 8441: websockets and other upgrades over HTTP/2
        DefaultHttp2Connection connection = new DefaultHttp2Connection(true);
        H2SendWindows flow = new H2SendWindows(connection);
        connection.remote().flowController(flow);
        // acknowledge request DATA as soon as it is read (a WINDOW_UPDATE per read, as HAProxy does) rather than at
        // half the window: small uploads do not stall, and the window still bounds what is buffered
        connection
                .local()
                .flowController(new DefaultHttp2LocalFlowController(
                        connection, H2Frontend.windowUpdateRatio(lim.initialWindowSize()), false));
        H2FrameCounter frames = new H2FrameCounter(fe.counters().h2());
        H2ClientFrameWriter writer = new H2ClientFrameWriter(batch);
        RecentResets resets = new RecentResets(RECENT_RESETS);
        ClientConnectionCodec.Codec codec =
                ClientConnectionCodec.create(connection, settings, writer, frames, LIMITS, resets::contains);
        H2Connection h =
                new H2Connection(codec.decoder(), codec.encoder(), settings, px, fe, frames, flow, writer, resets);
        h.gracefulShutdownTimeoutMillis(H2Frontend.gracefulMillis(fe));
        codec.decoder().frameListener(h.new Frames());
        return h;
    }

    /** The flood limits (H2Limits), each enforced by one of Netty's codec decorators. */
    private static final ClientConnectionCodec.Limits LIMITS = new ClientConnectionCodec.Limits(
            H2Limits.MAX_RST_PER_WINDOW,
            H2Limits.RST_WINDOW_SECONDS,
            H2Limits.MAX_SMALL_CONTINUATION_FRAMES,
            H2Limits.MAX_CONSECUTIVE_EMPTY_DATA_FRAMES,
            H2Limits.MAX_QUEUED_CONTROL_FRAMES);

    /**
     * Streams we reset lately, whose frames still in flight are ignored (RFC 9113 5.1; {@link RecentResets}): the last
     * {@link #RECENT_RESETS}, more than twice the default limit of concurrent streams (1 KiB per connection). A
     * HEADERS frame on one of them is ignored too; on any other stream id already used it ends the connection
     * ({@code ReusedStreamIdReader}).
     */
    private final RecentResets recentResets;

    static final int RECENT_RESETS = 256;

    /**
     * Frames ignored on streams we reset, per {@link H2Limits#RST_WINDOW_SECONDS}, before the connection is closed
     * (ENHANCE_YOUR_CALM): 50 times the resets we may send in that window, room for a request body's frames in
     * flight behind each (an upload of 300 KB answered early: ~5 frames).
     */
    static final int MAX_IGNORED_PER_WINDOW = 50 * H2Limits.MAX_RST_PER_WINDOW;

    private static final long IGNORED_WINDOW_NANOS =
            java.util.concurrent.TimeUnit.SECONDS.toNanos(H2Limits.RST_WINDOW_SECONDS);

    /**
     * Netty's GOAWAY for a connection error names stream 2^31-1 as the last one processed (it closes at once
     * anyway); RFC 9113 6.8 asks for the last stream the sender might have acted on, which is what tells a client
     * the requests it may retry elsewhere (HAProxy sends it: 0 when no stream was opened). A graceful GOAWAY
     * already names it.
     */
    @Override
    public ChannelFuture goAway(
            ChannelHandlerContext ctx, int lastStreamId, long errorCode, ByteBuf debugData, ChannelPromise promise) {
        int last = lastStreamId == Integer.MAX_VALUE && errorCode != Http2Error.NO_ERROR.code()
                ? connection().remote().lastStreamCreated()
                : lastStreamId;
        return super.goAway(ctx, last, errorCode, debugData, promise);
    }

    @Override
    public ChannelFuture resetStream(ChannelHandlerContext ctx, int streamId, long errorCode, ChannelPromise promise) {
        recentResets.add(streamId);
        return super.resetStream(ctx, streamId, errorCode, promise);
    }

    /**
     * A frame on a stream already gone from the connection is a STREAM_CLOSED error for Netty's decoder, answered with
     * RST_STREAM(STREAM_CLOSED); when we reset that stream ourselves, the RFC says to ignore it instead (its DATA still
     * counted against the connection's window by the decoder, and given back). Other stream errors reset their stream
     * as before, and that stream is remembered too.
     */
    @Override
    protected void onStreamError(
            ChannelHandlerContext ctx, boolean outbound, Throwable cause, Http2Exception.StreamException e) {
        int id = e.streamId();
        if (!outbound
                && e.error() == Http2Error.STREAM_CLOSED
                && connection().stream(id) == null
                && recentResets.contains(id)) {
            if (recentResets.ignored(System.nanoTime(), MAX_IGNORED_PER_WINDOW, IGNORED_WINDOW_NANOS)) return;
            onError(
                    ctx,
                    false,
                    Http2Exception.connectionError(
                            Http2Error.ENHANCE_YOUR_CALM,
                            "more than %d frames on streams already reset within %d seconds",
                            MAX_IGNORED_PER_WINDOW,
                            H2Limits.RST_WINDOW_SECONDS));
            return;
        }
        recentResets.add(id);
        super.onStreamError(ctx, outbound, cause, e);
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) throws Exception {
        this.ctx = ctx;
        super.handlerAdded(ctx);
    }

    /** Stream {@code id} while its session has it, or null. */
    ClientEnd stream(int id) {
        Http2Stream st = connection().stream(id);
        Stream s = st == null ? null : st.getProperty(key);
        return s == null || s.ended ? null : s;
    }

    /** The client sent a FIN ({@link H2Frontend}'s connection guard heard of it). */
    void clientSentFin() {
        inputShut = true;
    }

    /** After a stream ended: the connection closes once its last stream has, when its client sent a FIN. */
    private void closeIfInputShut() {
        if (inputShut && liveStreams() == 0) ctx.channel().close(); // graceful: streams left finish (timeout client)
    }

    /** HEADERS and DATA frames read and written so far: what moves a stream (PINGs and SETTINGS do not). */
    long streamFrames() {
        return frames.streamFrames();
    }

    /** Its streams' timeouts pending now (tests). */
    int pendingStreamTimers() {
        return shared.pendingTimers();
    }

    /** Number of streams open now. */
    int activeStreams() {
        return connection().numActiveStreams();
    }

    /**
     * Number of open streams a session still works on. The others' sessions are done with them: only their last
     * frames wait for the client's window, which a client that sent its FIN can no longer open and one that
     * announced a zero window may never open. The connection does not wait for those beyond its graceful close
     * (GOAWAY, then at most {@code timeout client}), as HAProxy's {@code timeout client} ends a connection whose
     * streams are all detached.
     */
    int liveStreams() {
        int[] n = {0};
        try {
            connection().forEachActiveStream(st -> {
                Stream s = st.getProperty(key);
                if (s != null && s.live()) n[0]++;
                return true;
            });
        } catch (Http2Exception e) {
            throw new IllegalStateException(e); // the visitor throws nothing
        }
        return n[0];
    }

    @Override
    public void flush(ChannelHandlerContext ctx) {
        super.flush(ctx);
        // not inside a frame's write (a flush its writability events ran): the next flush closes them
        if (!endsWritten.isEmpty() && !flow.writing()) closeEndsWritten(ctx);
    }

    /**
     * The streams whose END_STREAM went out since the last flush close now. A graceful close waiting for its last
     * stream closes the connection with the future it is given: then one that completes once what was flushed is
     * on the socket (an empty write behind it), so that the last frames are not dropped by the close.
     */
    private void closeEndsWritten(ChannelHandlerContext ctx) {
        ChannelFuture written =
                connection().goAwaySent() ? ctx.writeAndFlush(Unpooled.EMPTY_BUFFER) : ctx.newSucceededFuture();
        for (int i = 0; i < endsWritten.size(); i++) closeStreamLocal(endsWritten.get(i), written);
        endsWritten.clear();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        endsWritten.clear(); // the codec closes every stream
        super.channelInactive(ctx);
    }

    /**
     * Response frames as {@link H2SendWindows} gives them, written with {@link H2ClientFrameWriter} into the
     * batch: the rules Netty's encoder applied around its writes kept (a stream sends one HEADERS, informational
     * ones before it and trailers after it; END_STREAM closes the local side; a frame that cannot be encoded is
     * the stream's error), without a promise or listener per frame when no one listens.
     */
    private final class ResponseFrames implements H2SendWindows.FrameSink {
        @Override
        public void headers(Http2Stream stream, Http2Headers headers, boolean end, ChannelPromise promise)
                throws Http2Exception {
            boolean informational = HttpStatusClass.valueOf(headers.status()) == HttpStatusClass.INFORMATIONAL;
            if ((informational || !end) && stream.isHeadersSent() || stream.isTrailersSent()) {
                throw new IllegalStateException("Stream " + stream.id() + " sent too many headers EOS: " + end);
            }
            writer.headersFrame(ctx, stream.id(), headers, end, promise == null ? ctx.voidPromise() : promise);
            frames.sent();
            stream.headersSent(informational);
            if (end) endWritten(stream, promise);
        }

        @Override
        public void data(Http2Stream stream, ByteBuf data, boolean end, ChannelPromise promise) {
            writer.writeData(ctx, stream.id(), data, 0, end, promise == null ? ctx.voidPromise() : promise);
            frames.sent();
            if (end) endWritten(stream, promise);
        }

        @Override
        public void failed(Throwable cause, ChannelPromise promise) {
            onError(ctx, true, cause);
            if (promise != null) promise.tryFailure(cause);
        }

        @Override
        public int maxFrameSize() {
            return writer.maxFrameSize();
        }

        /** END_STREAM is written: the local side closes, or the stream once the frame is flushed. */
        private void endWritten(Http2Stream stream, ChannelPromise promise) {
            if (promise != null) {
                closeStreamLocal(stream, promise); // someone listens: the stream closes with the write, as Netty's
            } else if (stream.state() == Http2Stream.State.HALF_CLOSED_REMOTE) {
                endsWritten.add(stream);
            } else {
                stream.closeLocalSide();
            }
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) throws Exception {
        if (!readers.isEmpty()) {
            // each session flushes what it forwarded to its server once per batch, as a connection's would
            for (int i = 0; i < readers.size(); i++) readers.get(i).readComplete();
            readers.clear();
        }
        super.channelReadComplete(ctx); // flushes what the streams wrote meanwhile
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt == io.netty.channel.socket.ChannelInputShutdownReadComplete.INSTANCE) {
            // the client sent a FIN: each stream finishes or aborts as its session decides
            ArrayList<Stream> open = new ArrayList<>();
            connection().forEachActiveStream(st -> {
                Stream s = st.getProperty(key);
                if (s != null) open.add(s);
                return true;
            });
            for (Stream s : open) s.inputShut();
        }
        super.userEventTriggered(ctx, evt);
    }

    // ---------------------------------------------------------------- frames in

    private final class Frames extends Http2FrameAdapter {
        @Override
        public void onHeadersRead(
                ChannelHandlerContext ctx, int streamId, Http2Headers headers, int padding, boolean endOfStream) {
            headers(streamId, headers, endOfStream);
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
                boolean endOfStream) {
            headers(streamId, headers, endOfStream);
        }

        @Override
        public int onDataRead(ChannelHandlerContext ctx, int streamId, ByteBuf data, int padding, boolean endOfStream) {
            int n = data.readableBytes() + padding;
            Http2Stream st = connection().stream(streamId);
            Stream s = st == null ? null : st.getProperty(key);
            if (s == null) return n; // refused or gone: the window reopens at once
            return s.data(data, n, endOfStream);
        }
    }

    private void headers(int streamId, Http2Headers headers, boolean endOfStream) {
        Http2Stream st = connection().stream(streamId);
        if (st == null) return;
        Stream s = st.getProperty(key);
        if (s == null) {
            s = new Stream(st);
            st.setProperty(key, s);
            s.open(headers, endOfStream);
        } else {
            s.trailers(headers);
        }
    }

    // ---------------------------------------------------------------- one stream

    private enum Phase {
        /** Request forwarded; body frames (if any) follow. */
        BODY,
        /** Refused or reset: everything further is dropped. */
        DEAD
    }

    /**
     * What a paused stream keeps until it reads again: its DATA payloads copied into one buffer (at most the
     * stream's window: no object per frame, and the connection's read buffers are not pinned by slices of them,
     * so a client sending tiny or empty DATA frames to a paused stream cannot make it hold more than its window),
     * the flow-controlled bytes they took (padding included), whether the stream ended, and its trailers.
     */
    private static final class Held {
        ByteBuf data;
        int flowBytes;
        boolean end;
        Http2Headers trailers;
    }

    /** The most a resumed stream is given at once from what it held (a DATA frame's default maximum). */
    private static final int DRAIN_PIECE = 16384;

    /** One stream: its session's client side, and the sink its response frames go through. */
    final class Stream extends ClientEnd implements ResponseTranslator.Sink {
        private final Http2Stream stream;
        private final int id;
        private HttpSession session;
        private Phase phase = Phase.BODY;
        private RequestBody body;
        private ResponseTranslator response;
        private boolean autoRead = true;
        private Held held;
        private boolean drainScheduled;
        /** The session is done with it, or the codec closed it: nothing more goes either way. */
        private boolean ended;

        private boolean sentEnd;
        private boolean holdEnd;
        private boolean reading;
        /** The frame a translated write produced last, kept to go out with the write's promise. */
        private Http2Headers pendingHeaders;

        private ByteBuf pendingData;
        private boolean pendingEnd;
        private boolean hasPending;

        Stream(Http2Stream stream) {
            this.stream = stream;
            this.id = stream.id();
        }

        /**
         * Its session still works on an exchange (not only its last frames waiting for the client's window: a
         * stream's session whose exchange ended waits for nothing else).
         */
        private boolean live() {
            return !ended && session != null && session.hasStream();
        }

        private void open(Http2Headers headers, boolean endOfStream) {
            fe.counters().h2().streamOpened();
            RequestTranslator.Request r;
            try {
                r = RequestTranslator.translate(headers, endOfStream);
            } catch (StreamRefused refused) {
                refuse(refused, true);
                return;
            }
            body = r.body();
            response = new ResponseTranslator(r.method().equals("HEAD"), r.upgrade(), responseLimits);
            session = new HttpSession(px, fe);
            try {
                session.startStream(this, shared);
                readBy();
                session.read(new HttpSession.StreamRequestHead(r.head(), r.layout()));
            } catch (RuntimeException | Error e) {
                failed(e);
            }
        }

        private void trailers(Http2Headers headers) {
            if (phase == Phase.DEAD || ended) return;
            if (!autoRead || held != null) {
                Held h = held();
                h.trailers = headers;
                h.end = true;
                return;
            }
            deliverTrailers(headers);
        }

        /** Returns the bytes consumed now (the rest when a held frame is taken). */
        private int data(ByteBuf data, int n, boolean end) {
            if (phase == Phase.DEAD || ended) return n;
            if (!autoRead || held != null) {
                Held h = held();
                if (data.isReadable()) {
                    if (h.data == null) h.data = alloc().buffer(data.readableBytes());
                    h.data.writeBytes(data, data.readerIndex(), data.readableBytes());
                }
                h.flowBytes += n;
                h.end |= end;
                return 0;
            }
            deliverData(data, n, end);
            return n;
        }

        private Held held() {
            if (held == null) held = new Held();
            return held;
        }

        private void deliverTrailers(Http2Headers headers) {
            ByteBuf out;
            try {
                out = body.trailers(headers, alloc());
            } catch (StreamRefused r) {
                refuse(r, false);
                return;
            }
            forward(out);
        }

        private void deliverData(ByteBuf data, int n, boolean end) {
            ByteBuf out;
            try {
                out = body.data(data, end, alloc());
            } catch (StreamRefused r) {
                refuse(r, false);
                return;
            }
            if (end) acknowledgeLast(n);
            forward(out);
        }

        private void forward(ByteBuf out) {
            if (out == null) return;
            readBy();
            try {
                session.read(out);
            } catch (RuntimeException | Error e) {
                failed(e);
            }
        }

        /**
         * The stream's last DATA frame still gets its stream WINDOW_UPDATE, as HAProxy sends one per DATA frame
         * (Netty's flow controller sends none once END_STREAM arrived; RFC 9113 6.9 allows it on a half-closed
         * (remote) stream). The connection-level one is the flow controller's.
         */
        private void acknowledgeLast(int n) {
            if (n <= 0 || stream.state() == Http2Stream.State.CLOSED) return;
            encoder().frameWriter().writeWindowUpdate(ctx, id, n, ctx.voidPromise());
        }

        private void readBy() {
            if (reading) return;
            reading = true;
            readers.add(this);
        }

        private void readComplete() {
            reading = false;
            if (session == null || ended) return;
            try {
                session.readComplete();
            } catch (RuntimeException | Error e) {
                failed(e);
            }
        }

        private void writabilityChanged() {
            if (session == null || ended) return;
            try {
                session.writabilityChanged();
            } catch (RuntimeException | Error e) {
                failed(e);
            }
        }

        private void inputShut() {
            if (session == null || ended) return;
            try {
                session.inputShut();
            } catch (RuntimeException | Error e) {
                failed(e);
            }
        }

        /** What the session threw: as an exception on its own connection, this stream only ends. */
        private void failed(Throwable cause) {
            if (session != null) session.serverException(cause);
            close();
        }

        /** The frames held while paused, taken in order now that the session reads again. */
        private void drain() {
            drainScheduled = false;
            int consumed = 0;
            // in pieces, so that a session pausing again meanwhile keeps the rest
            while (autoRead && !ended && held != null) {
                Held h = held;
                int left = h.data == null ? 0 : h.data.readableBytes();
                int piece = Math.min(left, DRAIN_PIECE);
                boolean last = piece == left;
                int flow = last ? h.flowBytes : piece;
                h.flowBytes -= flow;
                consumed += flow;
                boolean endHere = last && h.end && h.trailers == null;
                if (last) held = null; // ended() meanwhile no longer releases it: done below
                try {
                    if (phase != Phase.DEAD && (piece > 0 || endHere)) {
                        deliverData(piece > 0 ? h.data.readSlice(piece) : Unpooled.EMPTY_BUFFER, flow, endHere);
                    }
                } finally {
                    if (last && h.data != null) h.data.release();
                }
                if (last && h.trailers != null && phase != Phase.DEAD && !ended) deliverTrailers(h.trailers);
            }
            if (consumed > 0 && stream.state() != Http2Stream.State.CLOSED) {
                try {
                    connection().local().flowController().consumeBytes(stream, consumed);
                } catch (Http2Exception e) {
                    onError(ctx, false, e);
                }
            }
            readComplete();
            readers.remove(this);
            flushConnection();
        }

        /**
         * A malformed stream is reset (RFC 9113 8.1.1); a request HAProxy answers (bad method or scheme: 400,
         * CONNECT: 501 here) gets a short response. Either way it counts as an invalid request of the frontend.
         */
        private void refuse(StreamRefused r, boolean atHeaders) {
            phase = Phase.DEAD;
            fe.counters().requestError();
            if (r.status() == 0 || !atHeaders) {
                resetStream(ctx, id, Http2Error.PROTOCOL_ERROR.code(), ctx.newPromise());
                flushConnection();
                close();
                return;
            }
            fe.counters().response(r.status());
            byte[] text = (r.status() + " " + r.getMessage() + "\n").getBytes(StandardCharsets.US_ASCII);
            Http2Headers h = new DefaultHttp2Headers(false)
                    .status(Integer.toString(r.status()))
                    .set("content-type", "text/plain")
                    .set("content-length", Integer.toString(text.length))
                    .set("cache-control", "no-cache");
            encoder().writeHeaders(ctx, id, h, 0, false, ctx.newPromise());
            encoder().writeData(ctx, id, Unpooled.wrappedBuffer(text), 0, true, ctx.newPromise());
            sentEnd = true;
            close();
        }

        // ------------------------------------------------------------ ClientEnd

        @Override
        Channel socket() {
            return ctx.channel();
        }

        @Override
        int httpMajor() {
            return 2;
        }

        @Override
        boolean isActive() {
            return !ended;
        }

        @Override
        boolean isWritable() {
            return !ended && connection().remote().flowController().isWritable(stream);
        }

        @Override
        boolean isAutoRead() {
            return autoRead;
        }

        @Override
        void setAutoRead(boolean on) {
            if (autoRead == on) return;
            autoRead = on;
            if (on && held != null && !drainScheduled) {
                drainScheduled = true;
                ctx.channel().eventLoop().execute(this::drain);
            }
        }

        @Override
        boolean holdEnd(boolean on) {
            boolean was = holdEnd;
            holdEnd = on;
            return was;
        }

        @Override
        void write(Object msg) {
            translate(msg, null);
        }

        @Override
        void flush() {
            flushConnection();
        }

        @Override
        void writeFlushAndClose(Object msg) {
            ChannelPromise p = ctx.newPromise();
            translate(msg, p);
            flushConnection();
            if (p.isDone()) {
                close();
            } else {
                p.addListener(f -> close());
            }
        }

        @Override
        void close() {
            if (ended) return;
            // a body delimited by the close ends with END_STREAM, not with a reset
            if (response != null && phase != Phase.DEAD && response.close(this)) {
                finishWrite(null);
            }
            flushConnection();
            Http2Stream.State state = stream.state();
            if (state != Http2Stream.State.CLOSED && !(sentEnd && !state.remoteSideOpen())) {
                // its response did not end: the stream is cancelled; it ended while the client is still sending:
                // RFC 9113 8.1, the client is asked to stop "without error" (NO_ERROR) — a complete answer is no
                // failure, and CANCEL would tell the client its exchange failed
                long code = sentEnd ? Http2Error.NO_ERROR.code() : Http2Error.CANCEL.code();
                resetStream(ctx, id, code, ctx.newPromise());
                flushConnection();
            }
            ended();
        }

        /** The stream is over for its session: it hears of it after what it is doing now, as of a channel's close. */
        private void ended() {
            if (ended) return;
            ended = true;
            if (held != null) {
                if (held.data != null) held.data.release();
                held = null;
            }
            if (response != null) response.discard();
            fe.counters().h2().streamClosed();
            Channel parent = ctx.channel();
            HttpSession s = session;
            boolean connectionDuty = px.softStopping || inputShut;
            if ((s == null || s.finished()) && !connectionDuty) {
                // a session whose exchange is over has nothing left to do but forget the stream: at once
                if (s != null) s.streamEnded();
                return;
            }
            parent.eventLoop().execute(() -> {
                if (s != null) {
                    try {
                        s.streamEnded();
                    } catch (RuntimeException | Error e) {
                        s.serverException(e);
                    }
                }
                if (px.softStopping) parent.close();
                closeIfInputShut();
            });
        }

        // ------------------------------------------------------------ response out

        /** Translates {@code msg} into frames; the last one carries {@code promise} (null: none wanted). */
        private void translate(Object msg, ChannelPromise promise) {
            if (ended || phase == Phase.DEAD || response == null) {
                ReferenceCountUtil.release(msg);
                if (promise != null) promise.trySuccess();
                return;
            }
            try {
                response.holdEnd(holdEnd);
                if (msg instanceof ParsedResponseHead ph) {
                    response.writeParsed(ph.head(), ph.headLength(), ph.content(), alloc(), this);
                } else if (msg instanceof ByteBuf b) {
                    response.write(b, alloc(), this);
                } else {
                    ReferenceCountUtil.release(msg);
                }
            } catch (H1Exception e) {
                // the engine wrote what it validated: a response that cannot be carried (e.g. a 101) resets the stream
                phase = Phase.DEAD;
                response.discard();
                finishWrite(promise);
                resetStream(ctx, id, Http2Error.INTERNAL_ERROR.code(), ctx.newPromise());
                flushConnection();
                close();
                return;
            }
            finishWrite(promise);
        }

        @Override
        public void headers(Http2Headers headers, boolean endStream) {
            writePending();
            pendingHeaders = headers;
            pendingEnd = endStream;
            hasPending = true;
        }

        @Override
        public void data(ByteBuf content, boolean endStream) {
            writePending();
            pendingData = content;
            pendingEnd = endStream;
            hasPending = true;
        }

        private void writePending() {
            if (hasPending) send(null);
        }

        private void finishWrite(ChannelPromise promise) {
            if (hasPending) {
                send(promise);
            } else if (promise != null) {
                promise.trySuccess();
            }
        }

        /** The frame translated last, straight to the flow controller; {@code promise} null when no one listens. */
        private void send(ChannelPromise promise) {
            hasPending = false;
            boolean end = pendingEnd;
            if (end) sentEnd = true;
            if (pendingHeaders != null) {
                Http2Headers h = pendingHeaders;
                pendingHeaders = null;
                flow.sendHeaders(stream, h, end, promise);
            } else {
                ByteBuf d = pendingData;
                pendingData = null;
                flow.sendData(stream, d, end, promise);
            }
        }
    }

    private void flushConnection() {
        if (ctx != null) flush(ctx);
    }
}

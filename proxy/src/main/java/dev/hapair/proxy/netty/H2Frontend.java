package dev.hapair.proxy.netty;

import dev.hapair.proxy.backend.FrontendRuntime;
import dev.hapair.proxy.h2.H2Limits;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http2.DefaultHttp2LocalFlowController;
import io.netty.handler.codec.http2.Http2CodecUtil;
import io.netty.handler.codec.http2.Http2FrameCodec;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import java.util.concurrent.TimeUnit;

/**
 * Serves HTTP/2 on a client connection (after ALPN chose {@code h2}, at once on a {@code proto h2} bind, or
 * when an HTTP/1 connection started with the HTTP/2 preface):
 * Netty's frame codec and stream multiplexer, each stream in its own child channel with an
 * {@link H2StreamBridge} in front of an {@link HttpSession}.
 *
 * <p>The limits against the known attacks are the codec's, set from {@link H2Limits}: SETTINGS announce
 * {@code max-concurrent-streams} (a stream above it is refused with RST_STREAM, and a client that keeps
 * trying hits the limit on RST_STREAM frames we send), the HPACK table size and the header list size (a list
 * decoding past it is answered 431, one far past it closes the connection: HPACK bombs), a count of
 * RST_STREAM frames received per window (rapid reset, CVE-2023-44487: the connection is closed with
 * ENHANCE_YOUR_CALM), of small CONTINUATION frames in a row and of empty DATA frames (floods that cost CPU
 * without sending anything), and of control frames queued for a client that does not read (PING/SETTINGS
 * floods). Each closes only the offending connection.
 */
final class H2Frontend {
    private H2Frontend() {}

    /** Flushes gathered before one is let through anyway (bounds the bytes waiting for the loop's pass). */
    static final int FLUSHES_BEFORE_WRITE = 64;

    /**
     * Appends the HTTP/2 handlers to {@code p}: before activation (they start with the connection) or after
     * it (ALPN: the server preface is sent at once).
     */
    static void install(ChannelPipeline p, ProxyContext px, FrontendRuntime fe) {
        H2Limits lim = fe.h2Limits();
        Http2Settings settings = new Http2Settings()
                .maxConcurrentStreams(lim.maxConcurrentStreams())
                .headerTableSize(lim.headerTableSize())
                .initialWindowSize(lim.initialWindowSize())
                .maxFrameSize(lim.maxFrameSize())
                .maxHeaderListSize(lim.maxHeaderListSize())
                .connectProtocolEnabled(true); // RFC 8441: websockets and other upgrades over HTTP/2
        Http2FrameCodec codec = Http2FrameCodecBuilder.forServer()
                .initialSettings(settings)
                .validateHeaders(true)
                .decoderEnforceMaxRstFramesPerWindow(H2Limits.MAX_RST_PER_WINDOW, H2Limits.RST_WINDOW_SECONDS)
                .encoderEnforceMaxRstFramesPerWindow(H2Limits.MAX_RST_PER_WINDOW, H2Limits.RST_WINDOW_SECONDS)
                .decoderEnforceMaxSmallContinuationFrames(H2Limits.MAX_SMALL_CONTINUATION_FRAMES)
                .decoderEnforceMaxConsecutiveEmptyDataFrames(H2Limits.MAX_CONSECUTIVE_EMPTY_DATA_FRAMES)
                .encoderEnforceMaxQueuedControlFrames(H2Limits.MAX_QUEUED_CONTROL_FRAMES)
                .gracefulShutdownTimeoutMillis(gracefulMillis(fe))
                .frameLogger(new H2FrameCounter(fe.counters().h2()))
                .build();
        // acknowledge request DATA as soon as it is read (a WINDOW_UPDATE per read, as HAProxy does) rather
        // than at half the window: small uploads do not stall, and the window still bounds what is buffered
        DefaultHttp2LocalFlowController flow = new DefaultHttp2LocalFlowController(
                codec.connection(), windowUpdateRatio(lim.initialWindowSize()), false);
        flow.frameWriter(codec.encoder().frameWriter());
        codec.connection().local().flowController(flow);
        // the streams' responses are written as their servers answer, each with its own flush; on the connection
        // those flushes are gathered and done once the event loop has handled the reads at hand (or after the
        // client's read batch), so one TLS record and one write carry many streams' frames, as HAProxy's mux
        // sends what its streams produced in one pass
        p.addLast("h2-flush", new FlushConsolidationHandler(FLUSHES_BEFORE_WRITE, true));
        p.addLast("h2", codec);
        p.addLast("h2-streams", new Http2MultiplexHandler(new StreamInitializer(px, fe)));
        long idle = idleMillis(fe);
        if (idle > 0) p.addLast("h2-idle", new IdleStateHandler(0, 0, idle, TimeUnit.MILLISECONDS));
        p.addLast("h2-connection", new ConnectionGuard(px, codec, fe.counters().h2()));
    }

    /**
     * Soft stop (SIGUSR1, reload): every HTTP/2 client connection gets a GOAWAY(NO_ERROR) now, as HAProxy sends
     * it; an idle one closes at once, one with streams lets them finish (up to {@code timeout client}) and
     * refuses new ones, so clients move to the new process without an error.
     */
    static void goAwayAll(ProxyContext px) {
        for (Channel c : px.h2Clients) {
            c.eventLoop().execute(c::close); // the codec's close is graceful: GOAWAY, then drain, then close
        }
    }

    /** The threshold that makes any consumed byte reopen the window (the ratio must stay below 1). */
    static float windowUpdateRatio(int initialWindow) {
        if (initialWindow <= 1) return 0.5f;
        return (float) Math.min(0.999999, (initialWindow - 1) / (double) initialWindow);
    }

    /** An idle connection (no stream) closes after {@code timeout http-keep-alive}, else {@code timeout client}. */
    private static long idleMillis(FrontendRuntime fe) {
        long ka = fe.settings().timeouts().httpKeepAlive();
        return ka > 0 ? ka : fe.settings().timeouts().client();
    }

    /** How long streams may finish after a GOAWAY (soft stop, idle close): {@code timeout client}, 10 s without. */
    private static long gracefulMillis(FrontendRuntime fe) {
        long t = fe.settings().timeouts().client();
        return t > 0 ? t : 10_000;
    }

    /**
     * Each stream: the bridge, then an HTTP/1 session that sees it as one client connection. Added in place of
     * this handler (shared by the connection's streams) without a {@code ChannelInitializer}'s bookkeeping; what
     * the connection learnt (tcp-request variables, PROXY header) is read from it by the session, not copied.
     */
    @io.netty.channel.ChannelHandler.Sharable
    private static final class StreamInitializer extends io.netty.channel.ChannelHandlerAdapter {
        private final ProxyContext px;
        private final FrontendRuntime fe;

        StreamInitializer(ProxyContext px, FrontendRuntime fe) {
            this.px = px;
            this.fe = fe;
        }

        @Override
        public void handlerAdded(ChannelHandlerContext ctx) {
            Channel ch = ctx.channel();
            ChannelPipeline p = ctx.pipeline();
            p.remove(this);
            if (!(ch instanceof Http2StreamChannel)) return;
            fe.counters().h2().streamOpened();
            ch.closeFuture().addListener(new StreamClosed(fe, ch.parent(), px.softStopping));
            p.addLast("h2-bridge", new H2StreamBridge(fe));
            p.addLast("http", new HttpSession(px, fe));
        }
    }

    /** What a stream's end does to its connection (one listener, not one per duty). */
    private static final class StreamClosed implements io.netty.channel.ChannelFutureListener {
        private final FrontendRuntime fe;
        private final Channel parent;
        private final boolean softStopping;

        StreamClosed(FrontendRuntime fe, Channel parent, boolean softStopping) {
            this.fe = fe;
            this.parent = parent;
            this.softStopping = softStopping;
        }

        @Override
        public void operationComplete(io.netty.channel.ChannelFuture f) {
            fe.counters().h2().streamClosed();
            if (softStopping) parent.close();
            closeIfInputShut(parent);
        }
    }

    /**
     * Set on a connection whose client closed its sending side (a FIN) while streams were open: as HAProxy
     * (without {@code option abortonclose}), complete requests still go to their servers, and the connection
     * closes once its last stream has ended. Nothing is written to it before then: a peer that closed fully
     * would answer with a reset that takes every stream down with it.
     */
    private static final io.netty.util.AttributeKey<Boolean> INPUT_SHUT =
            io.netty.util.AttributeKey.valueOf(H2Frontend.class, "inputShut");

    private static void closeIfInputShut(Channel parent) {
        if (!parent.hasAttr(INPUT_SHUT)) return;
        // after the stream's own close has been processed by the codec
        parent.eventLoop().execute(() -> {
            Http2FrameCodec codec = parent.pipeline().get(Http2FrameCodec.class);
            if (codec == null || codec.connection().numActiveStreams() == 0) parent.close();
        });
    }

    /**
     * The connection itself: starts reading once admitted, closes it (GOAWAY first, streams allowed to
     * finish) when it has been idle with no stream open, or after a stream ends during a soft stop; swallows
     * what the codec already answered (it sends GOAWAY / RST_STREAM itself).
     */
    private static final class ConnectionGuard extends ChannelInboundHandlerAdapter {
        private final ProxyContext px;
        private final Http2FrameCodec codec;
        private final dev.hapair.proxy.backend.H2Counters counters;
        /** Counted as an open HTTP/2 connection of the frontend (once admitted and past its handshake). */
        private boolean counted;

        ConnectionGuard(ProxyContext px, Http2FrameCodec codec, dev.hapair.proxy.backend.H2Counters counters) {
            this.px = px;
            this.codec = codec;
            this.counters = counters;
        }

        private void count() {
            if (counted) return;
            counted = true;
            counters.connectionOpened();
        }

        @Override
        public void handlerAdded(ChannelHandlerContext ctx) {
            px.h2Clients.add(ctx.channel());
            // after ALPN the connection is established already and its channelActive has passed
            io.netty.handler.ssl.SslHandler ssl = ctx.pipeline().get(io.netty.handler.ssl.SslHandler.class);
            // (or it became HTTP/2 on a preface: a clear connection, or TLS whose ALPN did not pick h2)
            if (ctx.channel().isActive()
                    && (ssl == null || ssl.handshakeFuture().isSuccess())) count();
            if (ctx.channel().isActive()) ctx.channel().config().setAutoRead(true);
            if (px.softStopping)
                ctx.channel().eventLoop().execute(() -> ctx.channel().close());
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            px.h2Clients.remove(ctx.channel());
            if (counted) counters.connectionClosed();
            counted = false;
            ctx.fireChannelInactive();
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            count();
            ctx.channel().config().setAutoRead(true);
            ctx.fireChannelActive();
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt instanceof IdleStateEvent) {
                if (codec.connection().numActiveStreams() == 0 || px.softStopping) ctx.close();
                return;
            }
            if (evt instanceof io.netty.channel.socket.ChannelInputShutdownEvent) {
                // the streams heard of it from the multiplexer (ChannelInputShutdownReadComplete): each finishes
                // or aborts as its HttpSession decides
                ctx.channel().attr(INPUT_SHUT).set(Boolean.TRUE);
                if (codec.connection().numActiveStreams() == 0) ctx.close();
                return;
            }
            ctx.fireUserEventTriggered(evt);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            // the codec answers its own errors (GOAWAY with the error's code, then close): closing here first
            // would send a graceful GOAWAY(NO_ERROR) instead
            if (Http2CodecUtil.getEmbeddedHttp2Exception(cause) != null) return;
            if (ServiceWatchdog.isAllocationFailure(cause)) px.watchdog.allocationFailed(System.nanoTime());
            ctx.close();
        }
    }
}

package dev.hapair.proxy.netty;

import dev.hapair.proxy.backend.ServerRuntime;
import dev.hapair.proxy.h2.H2Limits;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.handler.codec.http2.DefaultHttp2LocalFlowController;
import io.netty.handler.codec.http2.Http2CodecUtil;
import io.netty.handler.codec.http2.Http2FrameCodec;
import io.netty.handler.codec.http2.Http2GoAwayFrame;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.handler.codec.http2.Http2SettingsFrame;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.Http2StreamChannelBootstrap;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * HTTP/2 connections to a {@code proto h2} server, shared by every exchange of one event loop: each request is
 * a stream ({@link H2ServerStreamBridge} in front of the engine's {@link ServerLink}), as HAProxy 2.6 does.
 *
 * <ul>
 *   <li>A new connection is handed out once the server's first SETTINGS arrived (its stream limit and whether it
 *       takes extended CONNECT are then known).
 *   <li>A connection takes new streams while it has fewer than the server's SETTINGS_MAX_CONCURRENT_STREAMS (and
 *       at most {@code tune.h2.max-concurrent-streams}, 100 by default) and received no GOAWAY; otherwise the
 *       next request opens another connection.
 *   <li>GOAWAY from the server: no new stream goes to that connection; the streams it did not process (above
 *       its last-stream-id) are closed by the codec, and their requests are sent again on another connection
 *       when nothing of them was forwarded (the engine's replay of a request on a reused connection); the
 *       connection closes when its last stream ends. RST_STREAM ends that exchange only (REFUSED_STREAM is
 *       replayed the same way).
 *   <li>A connection with no stream for {@link #IDLE_MILLIS} is closed with GOAWAY(NO_ERROR) (HAProxy purges idle
 *       server connections after {@code pool-purge-delay}, 5 s by default).
 *   <li>Memory: each stream's receive window is one HTTP/2 window, reopened only as the engine reads (its reads
 *       pause when the client does not read); what we send waits in the codec only within the server's window
 *       and the stream channel's write-buffer bounds (the engine stops reading the client when it is
 *       unwritable).
 * </ul>
 */
final class H2Backend {
    private H2Backend() {}

    static final long IDLE_MILLIS = 5_000;

    /** A connection of {@code server} on {@code loop} that can take one more stream now, or null. */
    static Channel available(ServerRuntime server, io.netty.channel.EventLoop loop) {
        List<Channel> list = server.h2Connections(loop);
        for (Iterator<Channel> it = list.iterator(); it.hasNext(); ) {
            Channel c = it.next();
            State s = c.pipeline().get(State.class);
            if (s == null || !c.isActive()) {
                it.remove();
                continue;
            }
            if (s.takesStream()) return c;
        }
        return null;
    }

    /**
     * Makes {@code ch} (connected, TLS done) an HTTP/2 client connection; {@code ready} completes with it once
     * the server's SETTINGS arrived, or fails when it closes first.
     */
    static void install(
            Channel ch,
            ServerRuntime server,
            dev.hapair.proxy.backend.H2Counters counters,
            H2Limits lim,
            Promise<Channel> ready) {
        Http2Settings settings = new Http2Settings()
                .pushEnabled(false)
                .headerTableSize(lim.headerTableSize())
                .initialWindowSize(lim.initialWindowSize())
                .maxFrameSize(lim.maxFrameSize())
                .maxHeaderListSize(lim.maxHeaderListSize());
        Http2FrameCodec codec = new H2ClientCodec()
                .initialSettings(settings)
                .validateHeaders(true)
                .decoderEnforceMaxRstFramesPerWindow(H2Limits.MAX_RST_PER_WINDOW, H2Limits.RST_WINDOW_SECONDS)
                .decoderEnforceMaxSmallContinuationFrames(H2Limits.MAX_SMALL_CONTINUATION_FRAMES)
                .decoderEnforceMaxConsecutiveEmptyDataFrames(H2Limits.MAX_CONSECUTIVE_EMPTY_DATA_FRAMES)
                .encoderEnforceMaxQueuedControlFrames(H2Limits.MAX_QUEUED_CONTROL_FRAMES)
                .frameLogger(new H2FrameCounter(counters))
                .build();
        counters.connectionOpened();
        ch.closeFuture().addListener(f -> counters.connectionClosed());
        DefaultHttp2LocalFlowController flow = new DefaultHttp2LocalFlowController(
                codec.connection(), H2Frontend.windowUpdateRatio(lim.initialWindowSize()), false);
        flow.frameWriter(codec.encoder().frameWriter());
        codec.connection().local().flowController(flow);
        ch.pipeline().addLast("h2", codec);
        ch.pipeline().addLast("h2-first", new io.netty.handler.codec.http2.FirstClientStream());
        ch.pipeline().addLast("h2-streams", new Http2MultiplexHandler(new ChannelInitializer<>() {
            @Override
            protected void initChannel(Channel c) {
                c.close(); // servers do not open streams (push is off)
            }
        }));
        ch.pipeline().addLast("h2-server", new State(server, codec, counters, lim.maxConcurrentStreams(), ready));
        ch.config().setAutoRead(true);
    }

    /** Opens a stream on {@code parent} with {@code handler} first in its pipeline. */
    static Future<Http2StreamChannel> openStream(Channel parent, ChannelHandler handler) {
        State s = parent.pipeline().get(State.class);
        s.streamOpened();
        Future<Http2StreamChannel> f =
                new Http2StreamChannelBootstrap(parent).handler(handler).open();
        f.addListener(done -> {
            if (done.isSuccess()) {
                ((Channel) done.getNow()).closeFuture().addListener(x -> s.streamClosed());
            } else {
                s.streamClosed();
            }
        });
        return f;
    }

    /** Whether the server announced SETTINGS_ENABLE_CONNECT_PROTOCOL = 1 (RFC 8441) on {@code parent}. */
    static boolean extendedConnect(Channel parent) {
        State s = parent == null ? null : parent.pipeline().get(State.class);
        return s != null && s.extendedConnect;
    }

    /**
     * A request that could not be put into HEADERS (an upgrade the server cannot take as extended CONNECT) still
     * spends its stream's id on RST_STREAM(INTERNAL_ERROR), as HAProxy's mux does (its reg-test protocol_upgrade
     * waits for that reset). RFC 9113 6.4 lets a strict server answer a reset of an idle stream with a
     * connection error; the requests it then did not process are replayed like any after a GOAWAY.
     */
    static void resetUnsent(Channel parent) {
        ChannelHandlerContext ctx = parent == null ? null : parent.pipeline().context(Http2FrameCodec.class);
        if (ctx == null || !parent.isActive()) return;
        Http2FrameCodec codec = (Http2FrameCodec) ctx.handler();
        int id = codec.connection().local().incrementAndGetNextStreamId();
        if (id < 0) return;
        codec.encoder()
                .frameWriter()
                .writeRstStream(
                        ctx, id, io.netty.handler.codec.http2.Http2Error.INTERNAL_ERROR.code(), ctx.newPromise());
        ctx.flush();
    }

    /** One connection's state, last in its pipeline (it sees SETTINGS and GOAWAY after the multiplexer). */
    static final class State extends ChannelInboundHandlerAdapter {
        private final ServerRuntime server;
        private final Http2FrameCodec codec;
        private final dev.hapair.proxy.backend.H2Counters counters;
        private final int ourLimit;
        private Promise<Channel> ready;
        private ChannelHandlerContext ctx;
        private boolean settingsReceived;
        boolean extendedConnect;
        private boolean goAway;
        private int streams;
        private ScheduledFuture<?> idleTimer;

        State(
                ServerRuntime server,
                Http2FrameCodec codec,
                dev.hapair.proxy.backend.H2Counters counters,
                int ourLimit,
                Promise<Channel> ready) {
            this.server = server;
            this.codec = codec;
            this.counters = counters;
            this.ourLimit = ourLimit;
            this.ready = ready;
        }

        @Override
        public void handlerAdded(ChannelHandlerContext ctx) {
            this.ctx = ctx;
        }

        boolean takesStream() {
            if (!settingsReceived || goAway || codec.connection().goAwayReceived()) return false;
            int serverLimit = codec.connection().local().maxActiveStreams();
            return streams < Math.min(ourLimit, serverLimit);
        }

        void streamOpened() {
            streams++;
            counters.streamOpened();
            if (idleTimer != null) {
                idleTimer.cancel(false);
                idleTimer = null;
            }
        }

        void streamClosed() {
            streams--;
            counters.streamClosed();
            if (streams > 0) return;
            if (goAway || codec.connection().goAwayReceived()) {
                ctx.close();
            } else if (ctx.channel().isActive()) {
                idleTimer = ctx.executor().schedule(this::idleExpired, IDLE_MILLIS, TimeUnit.MILLISECONDS);
            }
        }

        private void idleExpired() {
            idleTimer = null;
            if (streams == 0) ctx.close(); // the codec says GOAWAY(NO_ERROR) first
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            try {
                if (msg instanceof Http2SettingsFrame f) {
                    Boolean ec = f.settings().connectProtocolEnabled();
                    if (ec != null) extendedConnect = ec;
                    if (!settingsReceived) {
                        settingsReceived = true;
                        server.h2Connections(ctx.channel().eventLoop()).add(ctx.channel());
                        if (streams == 0) {
                            idleTimer = ctx.executor().schedule(this::idleExpired, IDLE_MILLIS, TimeUnit.MILLISECONDS);
                        }
                        Promise<Channel> p = ready;
                        ready = null;
                        if (p != null) p.trySuccess(ctx.channel());
                    }
                } else if (msg instanceof Http2GoAwayFrame) {
                    goAway = true;
                    server.h2Connections(ctx.channel().eventLoop()).remove(ctx.channel());
                    if (streams == 0) ctx.close();
                }
            } finally {
                ReferenceCountUtil.release(msg);
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            server.h2Connections(ctx.channel().eventLoop()).remove(ctx.channel());
            if (idleTimer != null) idleTimer.cancel(false);
            Promise<Channel> p = ready;
            ready = null;
            if (p != null) p.tryFailure(new java.io.IOException("server closed before its SETTINGS"));
            ctx.fireChannelInactive();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            // the codec answers protocol errors itself (GOAWAY with the error's code, then close)
            if (Http2CodecUtil.getEmbeddedHttp2Exception(cause) != null) return;
            ctx.close();
        }
    }
}

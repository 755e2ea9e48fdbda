package dev.hapair.proxy.netty;

import dev.hapair.proxy.backend.FrontendRuntime;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http2.Http2CodecUtil;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Serves HTTP/2 on a client connection (after ALPN chose {@code h2}, at once on a {@code proto h2} bind, or
 * when an HTTP/1 connection started with the HTTP/2 preface):
 * {@link H2Connection}, Netty's connection handler with a frame listener that serves each stream with an
 * {@link HttpSession} (no channel per stream).
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
        H2WriteCoalescer batch = new H2WriteCoalescer();
        H2Connection h2 = H2Connection.create(px, fe, batch);
        // the streams' responses are written as their servers answer, each with its own flush; on the connection
        // those flushes are gathered and done once the event loop has handled the reads at hand (or after the
        // client's read batch), so one TLS record and one write carry many streams' frames, as HAProxy's mux
        // sends what its streams produced in one pass
        // below the flush gathering: what the streams wrote in that pass goes to TLS as one buffer, not as each
        // frame's header and payload buffers one by one
        p.addLast("h2-write", batch);
        p.addLast("h2-flush", new FlushConsolidationHandler(FLUSHES_BEFORE_WRITE, true));
        p.addLast("h2", h2);
        p.addLast("h2-connection", new ConnectionGuard(px, h2, fe.counters().h2(), idleMillis(fe)));
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

    /** How many looks at a connection's stream frames an idle period takes (it closes 1 to 1.25 periods late). */
    static final int IDLE_CHECKS = 4;

    /**
     * An idle connection (no stream) closes after {@code timeout http-keep-alive}, else {@code http-request}, else
     * {@code client}: HTTP/1's keep-alive idle (HAProxy 2.6.12 with only {@code http-request 1s} and {@code client
     * 6s} sends GOAWAY 1 s after the last response).
     */
    private static long idleMillis(FrontendRuntime fe) {
        return fe.settings().timeouts().keepAliveIdle();
    }

    /** How long streams may finish after a GOAWAY (soft stop, idle close): {@code timeout client}, 10 s without. */
    static long gracefulMillis(FrontendRuntime fe) {
        long t = fe.settings().timeouts().client();
        return t > 0 ? t : 10_000;
    }

    /**
     * The connection itself: starts reading once admitted, closes it (GOAWAY first, streams allowed to
     * finish) when it has been idle with no stream a session works on, or after a stream ends during a soft
     * stop; swallows what the codec already answered (it sends GOAWAY / RST_STREAM itself).
     *
     * <p>Idle means no HEADERS or DATA frame either way ({@link H2Connection#streamFrames()}) for the idle
     * timeout, looked at every quarter of it. PINGs, SETTINGS and WINDOW_UPDATEs that move nothing do not
     * count: a client that kept pinging while its streams' last frames waited for a window it never opened
     * held the connection (and what it buffered) open for ever, as it did an idle connection.
     */
    private static final class ConnectionGuard extends ChannelInboundHandlerAdapter {
        private final ProxyContext px;
        private final H2Connection codec;
        private final dev.hapair.proxy.backend.H2Counters counters;
        /** Counted as an open HTTP/2 connection of the frontend (once admitted and past its handshake). */
        private boolean counted;

        private final long idleMillis;
        private ScheduledFuture<?> idleCheck;
        /** {@link H2Connection#streamFrames()} at the last look, and the looks since it last changed. */
        private long seenFrames;

        private int quietChecks;

        ConnectionGuard(
                ProxyContext px, H2Connection codec, dev.hapair.proxy.backend.H2Counters counters, long idleMillis) {
            this.px = px;
            this.codec = codec;
            this.counters = counters;
            this.idleMillis = idleMillis;
        }

        private void startIdleCheck(ChannelHandlerContext ctx) {
            if (idleMillis <= 0 || idleCheck != null || !ctx.channel().isActive()) return;
            seenFrames = codec.streamFrames();
            quietChecks = 0;
            scheduleIdleCheck(ctx);
        }

        private void scheduleIdleCheck(ChannelHandlerContext ctx) {
            long every = Math.max(1, idleMillis / IDLE_CHECKS);
            idleCheck = ctx.executor().schedule(() -> idleCheck(ctx), every, TimeUnit.MILLISECONDS);
        }

        private void idleCheck(ChannelHandlerContext ctx) {
            idleCheck = null;
            if (!ctx.channel().isOpen()) return;
            long frames = codec.streamFrames();
            if (frames != seenFrames) {
                seenFrames = frames;
                quietChecks = 0;
            } else {
                quietChecks++;
            }
            if (quietChecks >= IDLE_CHECKS && (codec.liveStreams() == 0 || px.softStopping)) {
                ctx.close(); // graceful: GOAWAY, what is left gets at most timeout client
                return;
            }
            scheduleIdleCheck(ctx);
        }

        private void stopIdleCheck() {
            if (idleCheck != null) idleCheck.cancel(false);
            idleCheck = null;
        }

        @Override
        public void handlerRemoved(ChannelHandlerContext ctx) {
            stopIdleCheck();
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
            startIdleCheck(ctx);
            if (px.softStopping)
                ctx.channel().eventLoop().execute(() -> ctx.channel().close());
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            px.h2Clients.remove(ctx.channel());
            stopIdleCheck();
            if (counted) counters.connectionClosed();
            counted = false;
            ctx.fireChannelInactive();
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            count();
            ctx.channel().config().setAutoRead(true);
            startIdleCheck(ctx);
            ctx.fireChannelActive();
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt instanceof io.netty.channel.socket.ChannelInputShutdownEvent) {
                // the streams hear of it from H2Connection (ChannelInputShutdownReadComplete): each finishes or
                // aborts as its HttpSession decides
                codec.clientSentFin();
                if (codec.liveStreams() == 0) ctx.close();
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
            PeerReset.close(ctx, cause);
        }
    }
}

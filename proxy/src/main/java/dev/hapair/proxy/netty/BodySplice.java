package dev.hapair.proxy.netty;

import dev.hapair.proxy.splice.SpliceJob;
import dev.hapair.proxy.splice.SpliceSettings;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOutboundBuffer;

/**
 * Kernel splicing of HTTP/1 bodies ({@code option splice-request|splice-response|splice-auto}): once a
 * message's head has gone out and what was read of its body has been forwarded, the rest of a sized body, or a
 * response body delimited by the close, moves socket to socket through a pipe ({@link SpliceJob}) and the
 * exchange goes on as if it had been copied: the framer is told how many bytes went by, counters and the log
 * count them, the timeouts are re-armed as data moves. Chunked bodies, TLS, HTTP/2 and anything that is not a
 * plain epoll socket are copied as before, silently, as HAProxy does.
 *
 * <p>A job starts only after every byte already written to the destination through Netty has left (an empty
 * write is the barrier) and only if no body byte waits in user space by then; otherwise the exchange simply
 * keeps copying and may try again after the next forwarded read.
 */
final class BodySplice {
    private BodySplice() {}

    /**
     * Fewer body bytes than this still to come are copied, not spliced: a pipe and two system calls are not
     * worth it for so little (HAProxy's MIN_SPLICE_FORWARD, 4 KiB, the same rule: a small body that arrives
     * after its head is never spliced, and h1_spliced_bytes_* do not count it).
     */
    static final long MIN_SPLICE = 4096;

    /** Whether {@code option splice-*} of the frontend or the backend asks to splice this body. */
    static boolean wanted(SpliceSettings fe, SpliceSettings be, boolean request, long remaining, int bufsize) {
        if (remaining >= 0 && remaining < MIN_SPLICE) return false;
        boolean explicit = request ? fe.request() || be.request() : fe.response() || be.response();
        if (explicit) return true;
        // splice-auto: worth a pipe when more than a buffer is still to come (or an unknown amount)
        return (fe.auto() || be.auto()) && (remaining < 0 || remaining > bufsize);
    }

    /** {@code tune.pipesize} (global: the same on both sides), 0 for the kernel's default. */
    private static int pipeSize(HttpSession s, HttpExchange e) {
        return Math.max(s.frontend.splice().pipeSize(), e.backend.splice().pipeSize());
    }

    private static boolean plain(Channel ch) {
        return ch != null && ch.isActive() && ch.pipeline().get(io.netty.handler.ssl.SslHandler.class) == null;
    }

    private static boolean nothingPending(Channel ch) {
        ChannelOutboundBuffer ob = ch.unsafe().outboundBuffer();
        return ob != null && ob.isEmpty();
    }

    // ---------------------------------------------------------------- request body: client -> server

    /** After the request side forwarded what it had: splices the rest of the body when it may. */
    static void offerRequest(HttpSession s, HttpExchange e) {
        if (e == null
                || e != s.ex
                || e.requestSplice != null
                || e.noSplice
                || s.phase != HttpSession.Phase.EXCHANGE
                || e.upstream != HttpExchange.Upstream.SERVER
                || e.link == null
                || e.paused
                || e.requestDone()
                || s.bufferedRequestBytes() > 0) return;
        long left = e.requestBody.bulkRemaining();
        if (left <= 0
                || !wanted(s.frontend.splice(), e.backend.splice(), true, left, s.bufsize())
                || !plain(s.client.spliceable())
                || !plain(e.link.channel())) return;
        ServerLink link = e.link;
        Channel server = link.channel();
        SpliceJob job =
                SpliceJob.between(s.client.spliceable(), server, left, pipeSize(s, e), new RequestListener(s, e));
        if (job == null) {
            e.noSplice = true;
            return;
        }
        // e.bodyForwarded is set by the first byte the job takes from the client: until then a reused server
        // connection that closes may still be replayed (the job is cancelled then)
        e.requestSplice = job;
        e.spliced = true;
        s.client.setAutoRead(false);
        server.writeAndFlush(Unpooled.EMPTY_BUFFER)
                .addListener(f -> server.eventLoop().execute(() -> startRequest(s, e, link, job)));
    }

    private static void startRequest(HttpSession s, HttpExchange e, ServerLink link, SpliceJob job) {
        if (e.requestSplice != job || job.ended()) return;
        boolean ready = e == s.ex
                && e.link == link // not a replay's new connection: the job was made for this one
                && link.channel().isActive()
                && s.phase == HttpSession.Phase.EXCHANGE
                && s.bufferedRequestBytes() == 0
                && s.client.isActive()
                && nothingPending(link.channel());
        if (!ready || !job.start()) {
            e.requestSplice = null; // copy instead: whatever arrived meanwhile is forwarded as usual
            if (ready) e.noSplice = true;
            if (e == s.ex) s.process();
        }
    }

    private record RequestListener(HttpSession s, HttpExchange e) implements SpliceJob.Listener {
        @Override
        public void splicedIn(long n) {
            e.bodyForwarded = true; // these bytes left the client's socket: the request can no longer be replayed
            s.frontend.counters().h1().splicedIn(n);
            s.frontend.counters().addBytesIn(n);
            e.backend.counters().addBytesIn(n);
            if (e.server != null) e.server.counters().addBytesIn(n);
            s.deadline.arm(s.frontend.settings().timeouts().client());
        }

        @Override
        public void splicedOut(long n) {
            e.backend.counters().h1().splicedOut(n);
        }

        @Override
        public void waiting(boolean onDestination) {
            s.deadline.arm(
                    onDestination
                            ? e.serverTimeout()
                            : s.frontend.settings().timeouts().client());
        }

        @Override
        public void ended(SpliceJob.End end) {
            SpliceJob job = e.requestSplice;
            e.requestSplice = null;
            if (job != null) e.requestBody.skipped(job.movedIn());
            switch (end) {
                case LENGTH_DONE -> {
                    s.requestComplete(e);
                    s.process();
                }
                case SOURCE_EOF -> s.process(); // reading again, Netty finds the client's FIN: the usual path
                case SOURCE_ERROR -> s.client.close();
                case DESTINATION_ERROR -> {
                    if (e.link != null) e.link.channel().close();
                }
            }
        }
    }

    // ---------------------------------------------------------------- response body: server -> client

    /** After the response side forwarded what it had: splices the rest of the body when it may. */
    static void offerResponse(HttpSession s, HttpExchange e, ServerLink link) {
        if (e != s.ex
                || e.responseSplice != null
                || e.noSplice
                || s.phase != HttpSession.Phase.EXCHANGE
                || e.responsePhase != HttpExchange.ResponsePhase.BODY
                || e.pendingResponse != null
                || e.clientHead
                || e.link != link
                || !link.drained()) return;
        long left = e.responseBody.bulkRemaining();
        Channel server = link.channel();
        if (left == 0
                || !wanted(s.frontend.splice(), e.backend.splice(), false, left, s.bufsize())
                || !plain(s.client.spliceable())
                || !plain(server)) return;
        SpliceJob job = SpliceJob.between(
                server, s.client.spliceable(), left, pipeSize(s, e), new ResponseListener(s, e, link));
        if (job == null) {
            e.noSplice = true;
            return;
        }
        e.responseSplice = job;
        e.spliced = true;
        server.config().setAutoRead(false);
        s.client.spliceable().writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(f -> server.eventLoop()
                .execute(() -> startResponse(s, e, link, job)));
    }

    private static void startResponse(HttpSession s, HttpExchange e, ServerLink link, SpliceJob job) {
        if (e.responseSplice != job || job.ended()) return;
        boolean ready = e == s.ex
                && e.link == link
                && s.phase == HttpSession.Phase.EXCHANGE
                && link.drained()
                && link.channel().isActive()
                && nothingPending(s.client.spliceable());
        if (!ready || !job.start()) {
            e.responseSplice = null;
            if (ready) e.noSplice = true;
            if (e == s.ex && e.link == link) {
                link.channel().config().setAutoRead(s.client.isWritable());
                s.serverSide.serverData(e, link);
                s.serverSide.serverReadComplete(e);
            }
        }
    }

    private record ResponseListener(HttpSession s, HttpExchange e, ServerLink link) implements SpliceJob.Listener {
        @Override
        public void splicedIn(long n) {
            e.backend.counters().h1().splicedIn(n);
            s.deadline.arm(e.serverTimeout());
        }

        @Override
        public void splicedOut(long n) {
            s.frontend.counters().h1().splicedOut(n);
            s.serverSide.countBodyOut(e, n);
        }

        @Override
        public void waiting(boolean onDestination) {
            s.deadline.arm(onDestination ? s.frontend.settings().timeouts().client() : e.serverTimeout());
        }

        @Override
        public void ended(SpliceJob.End end) {
            SpliceJob job = e.responseSplice;
            e.responseSplice = null;
            if (job != null) e.responseBody.skipped(job.movedIn());
            Channel server = link.channel();
            switch (end) {
                case LENGTH_DONE -> s.serverSide.responseComplete(e);
                case SOURCE_EOF, SOURCE_ERROR -> {
                    if (e.serverClosedWhileSplicing) {
                        e.serverClosedWhileSplicing = false;
                        s.serverSide.serverClosed(e, link); // Netty saw the close meanwhile: handled now
                    } else if (!server.isActive()) {
                        // closing: its channelInactive ends the body the usual way
                    } else if (end == SpliceJob.End.SOURCE_ERROR) {
                        server.close();
                    } else {
                        server.config().setAutoRead(true); // Netty finds the FIN: the usual end of the body
                    }
                }
                case DESTINATION_ERROR -> s.client.close();
            }
        }
    }
}

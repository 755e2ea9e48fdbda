package dev.hapair.proxy.netty;

import dev.hapair.common.time.Scheduler;
import dev.hapair.health.EventLoopScheduler;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.handler.timeout.IdleStateEvent;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The inactivity timeout of one side of a tcp relay ({@code timeout client} on the client connection,
 * {@code timeout server} on the server connection): fires {@link IdleStateEvent#ALL_IDLE_STATE_EVENT} once
 * the connection has neither received nor sent anything for the timeout, then again after each further
 * timeout while nobody closes it.
 *
 * <p>It replaces Netty's {@code IdleStateHandler}, which learns when a write is done by wrapping every write
 * in a new promise with a listener (about 200 bytes of garbage per relayed chunk, the L4 path's main
 * allocation). Here nothing is allocated per read or write: a read counts at its {@code channelReadComplete};
 * a write counts when the flush that sends it leaves the channel's outbound buffer empty (the usual case:
 * the socket took everything). While bytes wait for a slow reader, the task looks at the outbound buffer
 * every eighth of the timeout, and any movement of it counts as activity, as any partial write restarts
 * HAProxy's timeout; a reader that takes nothing at all times out between 1 and 1.125 timeouts after the
 * last progress. What counts is decided by {@link Activity}, which is pure and tested on its own.
 */
final class InactivityTimeout extends ChannelDuplexHandler implements Runnable {
    /** {@link #readingFor}: no reading to share. */
    static final long NO_READING = Long.MIN_VALUE;

    private final long timeoutMillis;
    private final Scheduler injected;
    private Activity activity;
    private Scheduler scheduler;
    private Scheduler.Cancellable task;
    private ChannelHandlerContext ctx;
    private boolean reading;
    /** The clock reading of the read complete being passed on now, {@link #NO_READING} outside of it. */
    private long readingNow = NO_READING;

    /** On the channel's event loop and the system clock. */
    InactivityTimeout(long timeoutMillis) {
        this(timeoutMillis, null);
    }

    /** On {@code scheduler} (tests: a manual clock). */
    InactivityTimeout(long timeoutMillis, Scheduler scheduler) {
        if (timeoutMillis <= 0) throw new IllegalArgumentException("timeout must be positive: " + timeoutMillis);
        this.timeoutMillis = timeoutMillis;
        this.injected = scheduler;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        if (ctx.channel().isActive() && ctx.channel().isRegistered()) start(ctx);
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        start(ctx);
        ctx.fireChannelActive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        stop();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        stop();
        ctx.fireChannelInactive();
    }

    private void start(ChannelHandlerContext ctx) {
        if (this.ctx != null) return;
        this.ctx = ctx;
        scheduler = injected != null ? injected : new EventLoopScheduler(ctx.executor());
        long now = scheduler.nanoTime();
        activity = new Activity(TimeUnit.MILLISECONDS.toNanos(timeoutMillis), now);
        schedule(activity.timeoutNanos());
    }

    private void stop() {
        if (task != null) {
            task.cancel();
            task = null;
        }
        activity = null;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        reading = true;
        ctx.fireChannelRead(msg);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (reading && activity != null) {
            reading = false;
            long now = scheduler.nanoTime();
            activity.seen(now);
            // the relay behind us sends what it read to its peer within this call: its peer's timeout takes this
            // reading instead of a clock reading of its own (one per relayed chunk instead of two)
            readingNow = now;
            try {
                ctx.fireChannelReadComplete();
            } finally {
                readingNow = NO_READING;
            }
            return;
        }
        ctx.fireChannelReadComplete();
    }

    /**
     * A read that did not pass this handler (the relay's read around the pipeline, {@link TcpRelayHandler#relay})
     * counts as activity, as the read complete of one that passed does; returns that clock reading for
     * {@code other} as {@link #readingFor} would during that read complete.
     */
    long readAround(InactivityTimeout other) {
        if (activity == null) return NO_READING;
        long now = scheduler.nanoTime();
        activity.seen(now);
        return sameClock(other) ? now : NO_READING;
    }

    private boolean sameClock(InactivityTimeout other) {
        return other != null && other.injected == injected;
    }

    /**
     * The clock reading this timeout took for the read complete it is passing on now, for {@code other} to use as
     * its own: {@link #NO_READING} outside of a read complete that counted a read, or when {@code other} is null
     * (none) or runs on another clock (tests' manual clocks; in the proxy both run on the system clock).
     */
    long readingFor(InactivityTimeout other) {
        return sameClock(other) ? readingNow : NO_READING;
    }

    /** Drained below the low-water mark: bytes left. */
    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (activity != null && ctx.channel().isWritable()) activity.seen(scheduler.nanoTime());
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void flush(ChannelHandlerContext ctx) {
        ctx.flush();
        if (activity == null) return;
        ChannelOutboundBuffer out = ctx.channel().unsafe().outboundBuffer();
        long now = scheduler.nanoTime();
        if (out == null) {
            activity.seen(now);
        } else {
            activity.flushed(now, out.totalPendingWriteBytes(), out.current(), out.currentProgress());
        }
    }

    /**
     * Makes {@code timeoutMillis} the inactivity timeout of a relayed connection from now on (a tcp session that
     * became a tunnel: {@code timeout tunnel}), replacing the one it had, or adding one in front of its relay
     * handler when it had none ({@code timeout client}/{@code server} unset). Call on the channel's event loop,
     * before the relay's first read (which decides whether it may send around the pipeline).
     */
    static void retime(io.netty.channel.Channel ch, long timeoutMillis) {
        io.netty.channel.ChannelPipeline p = ch.pipeline();
        InactivityTimeout now = new InactivityTimeout(timeoutMillis);
        InactivityTimeout old = p.get(InactivityTimeout.class);
        if (old != null) {
            p.replace(old, p.context(old).name(), now);
            return;
        }
        ChannelHandlerContext relay = p.context(TcpRelayHandler.class);
        if (relay != null) {
            p.addBefore(relay.name(), "tunnel-idle", now);
        } else {
            p.addLast("tunnel-idle", now);
        }
    }

    /**
     * Bytes were sent on this channel without passing its pipeline ({@code TcpRelayHandler}'s direct send) and
     * the socket took them all: what {@link #flush} counts when the flush leaves the outbound buffer empty.
     * {@code now}: a reading of this timeout's clock taken for the read that sent them ({@link #readingFor}), or
     * {@link #NO_READING} to read the clock here.
     */
    void sentDirectly(long now) {
        if (activity != null) activity.seen(now == NO_READING ? scheduler.nanoTime() : now);
    }

    private void schedule(long delayNanos) {
        task = scheduler.schedule(Duration.ofNanos(delayNanos), this);
    }

    @Override
    public void run() {
        task = null;
        if (activity == null || !ctx.channel().isOpen()) return;
        ChannelOutboundBuffer out = ctx.channel().unsafe().outboundBuffer();
        long now = scheduler.nanoTime();
        long next = out == null
                ? activity.check(now, 0, null, 0)
                : activity.check(now, out.totalPendingWriteBytes(), out.current(), out.currentProgress());
        if (next <= 0) {
            activity.seen(now); // the next event one whole timeout later, as IdleStateHandler
            schedule(activity.timeoutNanos());
            ctx.fireUserEventTriggered(IdleStateEvent.ALL_IDLE_STATE_EVENT);
        } else {
            schedule(next);
        }
    }

    /**
     * When a connection was last active, from what its owner observes: reads, flushes that emptied the
     * outbound buffer, and movements of a buffer that did not empty (compared at each check).
     */
    static final class Activity {
        private final long timeoutNanos;
        private final long pollNanos;
        private long last;
        /** The outbound buffer as last seen while bytes waited in it; {@code waiting} false: empty. */
        private boolean waiting;

        private long seenPending;
        private Object seenCurrent;
        private long seenProgress;

        Activity(long timeoutNanos, long now) {
            this.timeoutNanos = timeoutNanos;
            this.pollNanos = Math.max(TimeUnit.MILLISECONDS.toNanos(1), timeoutNanos / 8);
            this.last = now;
        }

        long timeoutNanos() {
            return timeoutNanos;
        }

        /** Something was read or sent at {@code now}. */
        void seen(long now) {
            last = now;
        }

        /**
         * A flush has just run: an empty buffer means the socket took everything now; bytes left in a buffer
         * that was empty before mean some went now and the rest waits (the timeout counts from now, as
         * HAProxy's write timeout starts when there is something to send); more bytes queued behind bytes
         * that wait are not activity (a reader that takes nothing times out however much is queued for it).
         */
        void flushed(long now, long pending, Object current, long progress) {
            if (pending == 0) {
                waiting = false;
                seenCurrent = null;
                last = now;
            } else if (!waiting || moved(pending, current, progress)) {
                last = now;
                remember(pending, current, progress);
            } else {
                seenPending = pending; // only queued more
            }
        }

        /** Since the last look: the first waiting message changed (one was done) or advanced, or fewer bytes wait. */
        private boolean moved(long pending, Object current, long progress) {
            return current != seenCurrent || progress != seenProgress || pending < seenPending;
        }

        /**
         * At a check: the nanoseconds until the next check, or 0 or less when the timeout has passed. A
         * waiting buffer that moved since the last look counts as activity now (at most one poll interval
         * late), one that emptied likewise.
         */
        long check(long now, long pending, Object current, long progress) {
            if (waiting) {
                if (moved(pending, current, progress)) last = now;
                if (pending == 0) {
                    waiting = false;
                    seenCurrent = null;
                } else {
                    remember(pending, current, progress);
                }
            } else if (pending > 0) { // written but never flushed through us: watch it from now on
                remember(pending, current, progress);
            }
            long left = last + timeoutNanos - now;
            if (left <= 0) return left;
            return waiting ? Math.min(left, pollNanos) : left;
        }

        private void remember(long pending, Object current, long progress) {
            waiting = true;
            seenPending = pending;
            seenCurrent = current;
            seenProgress = progress;
        }
    }
}

package dev.hapair.health.probe.tcpcheck;

import dev.hapair.health.CheckResult;
import dev.hapair.health.CheckStatus;
import dev.hapair.health.Probe;
import dev.hapair.health.probe.ConnectFailures;
import dev.hapair.health.probe.TlsLayer;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.ScheduledFuture;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A protocol health check ({@code option redis-check}, {@code ssl-hello-chk}, {@code smtpchk} ...): connects, then
 * runs its rules in order as HAProxy 2.6's tcp-check engine does. A send drops what was received so far; an expect
 * judges the bytes received since (consecutive expects share them, and when one needs more bytes the group is
 * judged again from its first rule once they came). The check passes with the last rule's verdict.
 *
 * <p>Outcomes besides the rules' own: the server closing before an expect got a byte is the rule's error status
 * with "TCPCHK got an empty response at step N"; the timeout while waiting is the rule's timeout status (L7TOUT
 * by default); a reset with nothing received is SOCKERR; connect failures are L4CON / L4TOUT as for every check.
 * At most {@link #MAX_BUFFER} bytes are kept (HAProxy's buffer size): a full buffer is judged as final.
 */
public final class TcpCheckProbe implements Probe {
    /** HAProxy's default tune.bufsize: what a check keeps of a response. */
    public static final int MAX_BUFFER = 16384;
    /** HAProxy's check info buffer (HCHK_DESC_LEN) less its NUL. */
    static final int MAX_INFO = 127;

    private final EventLoopGroup group;
    private final InetSocketAddress target;
    private final byte[] preamble;
    private final TlsLayer tls;
    private final List<Step> steps;
    private final String name;

    public TcpCheckProbe(
            EventLoopGroup group,
            InetSocketAddress target,
            byte[] preamble,
            TlsLayer tls,
            String name,
            List<Step> steps) {
        this.group = Objects.requireNonNull(group, "group");
        this.target = Objects.requireNonNull(target, "target");
        this.preamble = preamble.clone();
        this.tls = tls;
        this.name = name;
        this.steps = List.copyOf(steps);
        if (this.steps.isEmpty()) throw new IllegalArgumentException("no rules");
    }

    @Override
    public CompletableFuture<CheckResult> run(Duration timeout) {
        CompletableFuture<CheckResult> out = new CompletableFuture<>();
        Run r = new Run(out, System.nanoTime(), timeout);
        try {
            Bootstrap b = new Bootstrap()
                    .group(group)
                    .channel(dev.hapair.health.probe.Transports.socketChannelFor(group))
                    .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int)
                            Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis())))
                    .option(ChannelOption.SO_LINGER, 0)
                    .option(ChannelOption.ALLOW_HALF_CLOSURE, false)
                    .handler(r);
            // the rules start in channelActive: a listener on the connect future may run after the server's close
            b.connect(target).addListener((ChannelFuture f) -> {
                if (!f.isSuccess()) r.finish(ConnectFailures.classify(f.cause(), r.took()));
            });
        } catch (RuntimeException e) {
            out.complete(CheckResult.of(
                    CheckStatus.SOCKERR, Duration.ofNanos(System.nanoTime() - r.start), String.valueOf(e)));
        }
        return out;
    }

    /** One check run: its connection, where it is in the rules, what it received. Event-loop confined. */
    private final class Run extends ChannelInboundHandlerAdapter {
        final CompletableFuture<CheckResult> out;
        final long start;
        final Duration timeout;
        Channel ch;
        ScheduledFuture<?> timer;
        boolean ready; // connected (and TLS done): the rules run
        int at; // the current rule
        int groupHead = -1; // first expect of the current group, -1 when not waiting
        final ByteArrayOutputStream in = new ByteArrayOutputStream();
        boolean closed;
        Verdict last;

        Run(CompletableFuture<CheckResult> out, long start, Duration timeout) {
            this.out = out;
            this.start = start;
            this.timeout = timeout;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            ch = ctx.channel();
            long left = timeout.toNanos() - (System.nanoTime() - start);
            timer = ch.eventLoop().schedule(this::timedOut, Math.max(0, left), TimeUnit.NANOSECONDS);
            if (preamble.length > 0) ch.writeAndFlush(Unpooled.wrappedBuffer(preamble));
            if (tls != null) {
                handshake();
            } else {
                advance();
            }
        }

        Duration took() {
            return Duration.ofNanos(System.nanoTime() - start);
        }

        void handshake() {
            io.netty.handler.ssl.SslHandler h = tls.newHandler(ch.alloc());
            ch.pipeline().addFirst("tls", h);
            h.handshakeFuture().addListener(hf -> {
                CheckResult failed = tls.handshakeFailure(hf, h, took());
                if (failed == null) {
                    advance();
                } else {
                    finish(failed);
                }
            });
        }

        /** Runs rules until one waits for bytes or the check ends. */
        void advance() {
            ready = true;
            while (!out.isDone()) {
                if (at == steps.size()) {
                    Verdict v = last;
                    finish(
                            v == null
                                    ? CheckResult.of(CheckStatus.L4OK, took())
                                    : CheckResult.http(v.status(), took(), v.code(), v.info()));
                    return;
                }
                Step s = steps.get(at);
                if (s instanceof Step.Connect) {
                    at++;
                } else if (s instanceof Step.Send send) {
                    in.reset(); // HAProxy releases its input buffer on each send
                    groupHead = -1;
                    ch.writeAndFlush(Unpooled.wrappedBuffer(send.bytes().get())).addListener((ChannelFuture w) -> {
                        if (!w.isSuccess())
                            finish(CheckResult.of(
                                    CheckStatus.SOCKERR, took(), ConnectFailures.humanMessage(w.cause())));
                    });
                    at++;
                } else if (s instanceof Step.Expect e) {
                    if (groupHead < 0) groupHead = at;
                    byte[] data = in.toByteArray();
                    boolean lastRead = closed || data.length >= MAX_BUFFER;
                    if (data.length == 0 && !lastRead) {
                        ch.read();
                        return; // nothing to judge yet
                    }
                    if (data.length == 0) {
                        finish(CheckResult.of(
                                e.rule().errorStatus(), took(), "TCPCHK got an empty response at step " + (at + 1)));
                        return;
                    }
                    Verdict v = e.rule().judge(data, lastRead);
                    switch (v.kind()) {
                        case WAIT -> {
                            if (lastRead) { // a rule must decide on final data; treat as a mismatch
                                finish(CheckResult.of(e.rule().errorStatus(), took(), ""));
                                return;
                            }
                            at = groupHead; // judged again from the group's first rule with more bytes
                            ch.read();
                            return;
                        }
                        case NEXT -> {
                            last = v;
                            at++;
                        }
                        case DONE -> {
                            finish(CheckResult.http(v.status(), took(), v.code(), v.info()));
                            return;
                        }
                    }
                }
            }
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf b = (ByteBuf) msg;
            try {
                int room = MAX_BUFFER - in.size();
                int n = Math.min(room, b.readableBytes());
                if (n > 0) {
                    byte[] chunk = new byte[n];
                    b.readBytes(chunk);
                    in.write(chunk, 0, n);
                }
            } finally {
                b.release();
            }
            if (ready) advance();
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            closed = true;
            if (ready) advance();
            if (!out.isDone()) finish(CheckResult.of(CheckStatus.SOCKERR, took(), "connection closed"));
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            if (out.isDone()) return;
            if (in.size() > 0 && ready) { // HAProxy judges what it got; a reset after the data is common
                closed = true;
                advance();
                if (out.isDone()) return;
            }
            if (cause instanceof io.netty.handler.codec.DecoderException
                    && cause.getCause() instanceof javax.net.ssl.SSLException) {
                finish(CheckResult.of(
                        CheckStatus.L6RSP,
                        took(),
                        String.valueOf(cause.getCause().getMessage())));
                return;
            }
            finish(CheckResult.of(CheckStatus.SOCKERR, took(), ConnectFailures.humanMessage(cause)));
        }

        void timedOut() {
            if (out.isDone()) return;
            CheckStatus s = CheckStatus.L7TOUT;
            if (at < steps.size() && steps.get(at) instanceof Step.Expect e)
                s = e.rule().timeoutStatus();
            finish(CheckResult.of(s, took()));
        }

        void finish(CheckResult r) {
            if (out.isDone()) return;
            if (r.detail().length() > MAX_INFO) { // HAProxy keeps 127 characters of a check's info
                r = new CheckResult(
                        r.status(), r.duration(), r.httpStatus(), r.detail().substring(0, MAX_INFO));
            }
            if (timer != null) timer.cancel(false);
            if (ch != null) ch.close();
            out.complete(r);
        }
    }

    @Override
    public String describe() {
        return name + " " + target.getHostString() + ":" + target.getPort();
    }
}

package dev.hapair.health.probe;

import dev.hapair.health.CheckResult;
import dev.hapair.health.CheckStatus;
import dev.hapair.health.Probe;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * HTTP check ({@code option httpchk}): connects, sends {@link HttpCheckSpec#requestBytes()}, reads the
 * status line and closes. Codes: L7OK/code when the status is expected, L7OKC/404 with disable-on-404,
 * L7STS/code otherwise, L7RSP for an empty or unparsable response, L7TOUT when connected but no status
 * line arrived in time, and the layer-4 codes of {@link TcpProbe} when the connect fails.
 */
public final class HttpProbe implements Probe {

    /** A status line longer than this is garbage, not a slow server. */
    static final int MAX_STATUS_LINE = 8192;
    /** Bytes of body examined by a content rule (HAProxy looks at one buffer, 16 KiB by default). */
    public static final int MAX_BODY = 16384;

    private static final Pattern STATUS_LINE = Pattern.compile("^HTTP/\\d\\.\\d (\\d{3})(?: .*)?$");

    private final EventLoopGroup group;
    private final InetSocketAddress target;
    private final HttpCheckSpec spec;
    private final TlsLayer tls;
    private final byte[] request;
    /** Whether the checked server is up: a 404 passes conditionally only then (HAProxy's disable-on-404). */
    private volatile java.util.function.BooleanSupplier serverUp = () -> true;

    public HttpProbe(EventLoopGroup group, InetSocketAddress target, HttpCheckSpec spec) {
        this(group, target, spec, new byte[0]);
    }

    /**
     * @param preamble bytes sent before the request (a PROXY protocol header for a server behind
     *                 {@code check-send-proxy}); empty for none
     */
    public HttpProbe(EventLoopGroup group, InetSocketAddress target, HttpCheckSpec spec, byte[] preamble) {
        this(group, target, spec, preamble, null);
    }

    /**
     * @param tls TLS below the HTTP check ({@code check-ssl}); null = plain TCP. A preamble would have to go
     *            before the handshake: the two together are refused.
     */
    public HttpProbe(
            EventLoopGroup group, InetSocketAddress target, HttpCheckSpec spec, byte[] preamble, TlsLayer tls) {
        if (tls != null && preamble.length > 0) {
            throw new IllegalArgumentException("a preamble before a TLS check is not supported");
        }
        this.tls = tls;
        this.group = Objects.requireNonNull(group, "group");
        this.target = Objects.requireNonNull(target, "target");
        this.spec = Objects.requireNonNull(spec, "spec");
        byte[] req = spec.requestBytes();
        this.request = new byte[preamble.length + req.length];
        System.arraycopy(preamble, 0, request, 0, preamble.length);
        System.arraycopy(req, 0, request, preamble.length, req.length);
    }

    public HttpCheckSpec spec() {
        return spec;
    }

    public InetSocketAddress target() {
        return target;
    }

    @Override
    public CompletableFuture<CheckResult> run(Duration timeout) {
        CompletableFuture<CheckResult> out = new CompletableFuture<>();
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        try {
            Bootstrap b = new Bootstrap()
                    .group(group)
                    .channel(Transports.socketChannelFor(group))
                    .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int)
                            Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis())))
                    .option(ChannelOption.SO_LINGER, 0)
                    .handler(new io.netty.channel.ChannelInitializer<io.netty.channel.Channel>() {
                        @Override
                        protected void initChannel(io.netty.channel.Channel ch) {
                            if (tls != null) {
                                ch.pipeline().addLast("tls", tls.newHandler(ch.alloc()));
                            }
                            ch.pipeline().addLast(new ResponseHandler(out, start, deadline));
                        }
                    });
            b.connect(target).addListener((ChannelFuture f) -> {
                if (!f.isSuccess()) {
                    out.complete(ConnectFailures.classify(f.cause(), Duration.ofNanos(System.nanoTime() - start)));
                }
            });
        } catch (RuntimeException e) {
            out.complete(CheckResult.of(
                    CheckStatus.SOCKERR, Duration.ofNanos(System.nanoTime() - start), String.valueOf(e)));
        }
        return out;
    }

    /**
     * Tells the probe whether its server is up, for {@code http-check disable-on-404}: HAProxy 2.6 takes a 404 as a
     * conditional pass (the server then stops taking new load-balanced traffic) only from a server that is not
     * down; from a down server the 404 is judged by the expect rules like any status.
     */
    public HttpProbe serverUp(java.util.function.BooleanSupplier up) {
        this.serverUp = Objects.requireNonNull(up, "up");
        return this;
    }

    /** Decides the result for a parsed status code. */
    CheckResult judge(int status, Duration took) {
        // before the expect rules, as HAProxy evaluates it
        if (status == 404 && spec.disableOn404() && serverUp.getAsBoolean()) {
            return CheckResult.http(CheckStatus.L7OKC, took, status, "");
        }
        if (spec.expect().matches(status)) {
            return CheckResult.http(CheckStatus.L7OK, took, status, "");
        }
        return CheckResult.http(CheckStatus.L7STS, took, status, "expected " + spec.expect());
    }

    @Override
    public String describe() {
        return (tls != null ? "https " : "http ") + target.getHostString() + ":" + target.getPort() + " "
                + spec.method() + " " + spec.uri();
    }

    private final class ResponseHandler extends ChannelInboundHandlerAdapter {
        private final CompletableFuture<CheckResult> out;
        private final long start;
        private final long deadline;
        private final StringBuilder line = new StringBuilder(64);
        private final StringBuilder bodyText = new StringBuilder();
        private ScheduledFuture<?> timer;
        /** 0 = status line, 1 = headers, 2 = body (only with a body rule). */
        private int phase;

        private int status;
        private long contentLength = -1;

        ResponseHandler(CompletableFuture<CheckResult> out, long start, long deadline) {
            this.out = out;
            this.start = start;
            this.deadline = deadline;
        }

        private Duration took() {
            return Duration.ofNanos(System.nanoTime() - start);
        }

        private void finish(ChannelHandlerContext ctx, CheckResult r) {
            if (timer != null) {
                timer.cancel(false);
            }
            out.complete(r);
            ctx.close();
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            io.netty.handler.ssl.SslHandler ssl = ctx.pipeline().get(io.netty.handler.ssl.SslHandler.class);
            if (ssl != null) { // the request waits in the SslHandler for the handshake
                ssl.handshakeFuture().addListener(hf -> {
                    if (out.isDone()) {
                        return;
                    }
                    CheckResult failed = tls.handshakeFailure(hf, ssl, took());
                    if (failed != null) {
                        finish(ctx, failed);
                    }
                });
            }
            long remaining = Math.max(1, deadline - System.nanoTime());
            timer = ctx.executor()
                    .schedule(
                            () -> finish(ctx, CheckResult.of(CheckStatus.L7TOUT, took(), "no response within timeout")),
                            remaining,
                            TimeUnit.NANOSECONDS);
            ctx.writeAndFlush(Unpooled.wrappedBuffer(request)).addListener((ChannelFuture f) -> {
                if (!f.isSuccess() && !out.isDone()) {
                    finish(ctx, CheckResult.of(CheckStatus.L4CON, took(), ConnectFailures.humanMessage(f.cause())));
                }
            });
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf in = (ByteBuf) msg;
            try {
                if (out.isDone()) {
                    return;
                }
                while (in.isReadable() && !out.isDone()) {
                    byte c = in.readByte();
                    if (phase == 2) {
                        bodyText.append((char) (c & 0xff));
                        if (bodyText.length() >= MAX_BODY
                                || (contentLength >= 0 && bodyText.length() >= contentLength)) {
                            evaluateBody(ctx);
                        }
                        continue;
                    }
                    if (c == '\n') {
                        if (phase == 0) {
                            parse(ctx);
                        } else {
                            header(ctx);
                        }
                        line.setLength(0);
                        continue;
                    }
                    if (line.length() >= MAX_STATUS_LINE) {
                        finish(
                                ctx,
                                CheckResult.of(
                                        CheckStatus.L7RSP,
                                        took(),
                                        phase == 0 ? "status line too long" : "header line too long"));
                        return;
                    }
                    line.append((char) (c & 0xff));
                }
            } finally {
                in.release();
            }
        }

        private void parse(ChannelHandlerContext ctx) {
            String s = line.toString();
            if (s.endsWith("\r")) {
                s = s.substring(0, s.length() - 1);
            }
            Matcher m = STATUS_LINE.matcher(s);
            if (!m.matches()) {
                finish(ctx, CheckResult.of(CheckStatus.L7RSP, took(), "invalid status line: " + abbreviate(s)));
                return;
            }
            status = Integer.parseInt(m.group(1));
            BodyExpectation rule = spec.bodyExpect();
            if (rule == null || status == 404 && spec.disableOn404() && serverUp.getAsBoolean()) {
                finish(ctx, judge(status, took()));
            } else if (!spec.expect().isDefault() && !spec.expect().matches(status)) {
                finish(ctx, judge(status, took()));
            } else {
                phase = 1;
            }
        }

        private void header(ChannelHandlerContext ctx) {
            String h = line.toString().strip();
            if (h.isEmpty()) {
                phase = 2;
                if (contentLength == 0) {
                    evaluateBody(ctx);
                }
                return;
            }
            int colon = h.indexOf(':');
            if (colon > 0 && h.substring(0, colon).trim().equalsIgnoreCase("content-length")) {
                try {
                    contentLength = Long.parseLong(h.substring(colon + 1).trim());
                } catch (NumberFormatException e) {
                    contentLength = -1;
                }
            }
        }

        private void evaluateBody(ChannelHandlerContext ctx) {
            if (spec.bodyExpect().matches(bodyText)) {
                finish(ctx, CheckResult.http(CheckStatus.L7OK, took(), status, ""));
            } else {
                finish(
                        ctx,
                        CheckResult.http(
                                CheckStatus.L7RSP,
                                took(),
                                status,
                                "HTTP content check did not match: expected " + spec.bodyExpect()));
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (!out.isDone() && phase > 0) {
                evaluateBody(ctx); // end of a close-delimited body
            } else if (!out.isDone()) {
                String what = line.length() == 0 ? "empty response" : "incomplete status line";
                finish(ctx, CheckResult.of(CheckStatus.L7RSP, took(), what));
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            if (!out.isDone()) {
                finish(ctx, CheckResult.of(CheckStatus.L4CON, took(), ConnectFailures.humanMessage(cause)));
            } else {
                ctx.close();
            }
        }
    }

    private static String abbreviate(String s) {
        StringBuilder sb = new StringBuilder();
        for (char c : s.toCharArray()) {
            if (sb.length() >= 60) {
                return sb.append("...").toString();
            }
            sb.append(c < 0x20 || c > 0x7e ? '?' : c);
        }
        return sb.toString();
    }
}

package dev.hapair.health.probe;

import dev.hapair.health.CheckResult;
import dev.hapair.health.CheckStatus;
import dev.hapair.health.Probe;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * Plain TCP connect check (HAProxy's default {@code check}): L4OK when the connection is established,
 * L4CON when refused/unreachable, L4TOUT when the connect does not finish within the timeout, SOCKERR when
 * no socket could be set up. The connection is closed as soon as it is established.
 */
public final class TcpProbe implements Probe {

    private final EventLoopGroup group;
    private final InetSocketAddress target;
    private final byte[] preamble;
    private final TlsLayer tls;

    /** @param group the loop(s) connects run on; pass a single EventLoop to keep all checks on one thread */
    public TcpProbe(EventLoopGroup group, InetSocketAddress target) {
        this(group, target, new byte[0]);
    }

    /**
     * @param preamble bytes written once connected, before the check passes (a PROXY protocol header for
     *                 {@code check-send-proxy}: the server sees a well-formed connection); empty for none
     */
    public TcpProbe(EventLoopGroup group, InetSocketAddress target, byte[] preamble) {
        this(group, target, preamble, null);
    }

    /**
     * @param tls TLS over the connection ({@code check-ssl}), after the preamble: the check passes at layer 6;
     *            null = plain TCP
     */
    public TcpProbe(EventLoopGroup group, InetSocketAddress target, byte[] preamble, TlsLayer tls) {
        this.group = Objects.requireNonNull(group, "group");
        this.target = Objects.requireNonNull(target, "target");
        this.preamble = preamble.clone();
        this.tls = tls;
    }

    public InetSocketAddress target() {
        return target;
    }

    @Override
    public CompletableFuture<CheckResult> run(Duration timeout) {
        CompletableFuture<CheckResult> out = new CompletableFuture<>();
        long start = System.nanoTime();
        try {
            Bootstrap b = new Bootstrap()
                    .group(group)
                    .channel(Transports.socketChannelFor(group))
                    .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int)
                            Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis())))
                    .option(ChannelOption.SO_LINGER, 0) // RST on close: no TIME_WAIT pile-up from frequent checks
                    .handler(QUIET);
            ChannelFuture cf = b.connect(target);
            cf.addListener((ChannelFuture f) -> {
                Duration took = Duration.ofNanos(System.nanoTime() - start);
                if (f.isSuccess() && preamble.length > 0) {
                    f.channel()
                            .writeAndFlush(io.netty.buffer.Unpooled.wrappedBuffer(preamble))
                            .addListener((ChannelFuture w) -> {
                                Duration sent = Duration.ofNanos(System.nanoTime() - start);
                                if (w.isSuccess() && tls != null) {
                                    handshake(w.channel(), start, out);
                                    return;
                                }
                                w.channel().close();
                                out.complete(
                                        w.isSuccess()
                                                ? CheckResult.of(CheckStatus.L4OK, sent)
                                                : ConnectFailures.classify(w.cause(), sent));
                            });
                } else if (f.isSuccess() && tls != null) {
                    handshake(f.channel(), start, out);
                } else if (f.isSuccess()) {
                    f.channel().close();
                    out.complete(CheckResult.of(CheckStatus.L4OK, took));
                } else {
                    out.complete(ConnectFailures.classify(f.cause(), took));
                }
            });
        } catch (RuntimeException e) {
            out.complete(CheckResult.of(
                    CheckStatus.SOCKERR, Duration.ofNanos(System.nanoTime() - start), String.valueOf(e)));
        }
        return out;
    }

    private void handshake(io.netty.channel.Channel ch, long start, CompletableFuture<CheckResult> out) {
        io.netty.handler.ssl.SslHandler h = tls.newHandler(ch.alloc());
        ch.pipeline().addFirst("tls", h);
        h.handshakeFuture().addListener(hf -> {
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            CheckResult failed = tls.handshakeFailure(hf, h, took);
            ch.close();
            out.complete(failed != null ? failed : CheckResult.of(CheckStatus.L6OK, took));
        });
        ch.read();
    }

    /**
     * The probe's handler: the connect and handshake futures report the outcome, so the exception a failed TLS
     * handshake fires ends here instead of reaching the pipeline's tail, which logs it with its stack trace (a
     * server with an expired certificate filled the log every check interval).
     */
    @io.netty.channel.ChannelHandler.Sharable
    private static final class Quiet extends ChannelInboundHandlerAdapter {
        @Override
        public void exceptionCaught(io.netty.channel.ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }

    private static final Quiet QUIET = new Quiet();

    @Override
    public String describe() {
        return (tls != null ? "ssl " : "tcp ") + target.getHostString() + ":" + target.getPort();
    }
}

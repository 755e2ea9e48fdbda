package dev.hapair.proxy.netty;

import dev.hapair.proxy.backend.FrontendRuntime;
import dev.hapair.proxy.backend.LogFormat;
import dev.hapair.proxy.log.LogSink;
import dev.hapair.proxy.proxyprotocol.ProxyHeaderDecoder;
import dev.hapair.proxy.proxyprotocol.ProxyHeaderError;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Reads the PROXY protocol header a connection must start with ({@code bind ... accept-proxy}, or
 * {@code tcp-request connection expect-proxy layer4}) before anything else of the pipeline sees the
 * connection: later handlers get {@code channelActive} once the header is complete, then the bytes that
 * followed it. The header is bounded ({@link ProxyHeaderDecoder}) and must arrive within {@code timeout
 * client}; a bad, truncated, late or missing header closes the connection, counts a request error of the
 * frontend and logs HAProxy's message for it.
 */
final class ProxyProtocolHandler extends ChannelInboundHandlerAdapter {

    static final String NAME = "proxy-protocol";

    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern(
                    "dd/MMM/yyyy:HH:mm:ss.SSS", Locale.ENGLISH)
            .withZone(ZoneId.systemDefault());

    private final FrontendRuntime frontend;
    private final LogSink fallbackLog;
    private final long timeoutMillis;
    private final int maxLength;
    private final HeldBytes received = new HeldBytes();
    private boolean done;

    /**
     * @param timeoutMillis {@code timeout client}, 0 = none
     * @param maxLength     the largest header accepted ({@code tune.bufsize})
     */
    ProxyProtocolHandler(FrontendRuntime frontend, LogSink fallbackLog, long timeoutMillis, int maxLength) {
        this.frontend = frontend;
        this.fallbackLog = fallbackLog;
        this.timeoutMillis = timeoutMillis;
        this.maxLength = maxLength;
    }

    /** The handler for a connection of {@code fe}: bounded by its {@code tune.bufsize} and {@code timeout client}. */
    static ProxyProtocolHandler of(ProxyContext px, FrontendRuntime fe) {
        return new ProxyProtocolHandler(
                fe,
                px.log,
                fe.settings().timeouts().client(),
                fe.settings().http().bufsize());
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        received.start(ctx, timeoutMillis, () -> fail(ctx, ProxyHeaderError.TIMEOUT));
        ctx.read();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (done || !(msg instanceof ByteBuf b)) {
            io.netty.util.ReferenceCountUtil.release(msg);
            return;
        }
        received.add(b);
        ProxyHeaderDecoder.Result r = ProxyHeaderDecoder.decode(received.view(), maxLength);
        if (r instanceof ProxyHeaderDecoder.Complete c) {
            complete(ctx, c);
        } else if (r instanceof ProxyHeaderDecoder.Invalid i) {
            fail(ctx, i.error());
        } else if (received.size() >= maxLength) {
            fail(ctx, ProxyHeaderError.TRUNCATED);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (!done) {
            ctx.read(); // auto-read is off until the session starts
        } else {
            ctx.fireChannelReadComplete();
        }
    }

    private void complete(ChannelHandlerContext ctx, ProxyHeaderDecoder.Complete c) {
        done = true;
        ctx.channel().attr(ClientAddresses.PROXY_HEADER).set(c.header());
        ByteBuf rest = received.take();
        rest.skipBytes(c.header().length());
        ctx.pipeline().remove(this);
        ctx.fireChannelActive();
        if (rest.isReadable() && ctx.channel().isActive()) {
            ctx.fireChannelRead(rest);
            ctx.fireChannelReadComplete();
        } else {
            rest.release();
        }
    }

    private void fail(ChannelHandlerContext ctx, ProxyHeaderError error) {
        if (done) {
            return;
        }
        done = true;
        received.discard();
        frontend.counters().requestError();
        log(ctx, error);
        ctx.close();
    }

    private void log(ChannelHandlerContext ctx, ProxyHeaderError error) {
        if (frontend.settings().log() == LogFormat.NONE) {
            return;
        }
        // with dontlognull, a connection that sent nothing is not logged (HAProxy's rule for embryonic sessions)
        if (frontend.settings().dontLogNull() && (error == ProxyHeaderError.EMPTY || error == ProxyHeaderError.ABORT)) {
            return;
        }
        String line = text(ctx.channel().remoteAddress()) + " [" + DATE.format(Instant.now()) + "] " + frontend.name()
                + "/" + text(ctx.channel().localAddress()) + ": " + error.message();
        (frontend.log() != null ? frontend.log() : fallbackLog).log(6, line);
    }

    private static String text(java.net.SocketAddress a) {
        return a instanceof InetSocketAddress i && i.getAddress() != null
                ? i.getAddress().getHostAddress() + ":" + i.getPort()
                : "-";
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof ChannelInputShutdownEvent) {
            fail(ctx, ProxyHeaderError.EMPTY);
        } else {
            ctx.fireUserEventTriggered(evt);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (!done) {
            fail(ctx, ProxyHeaderError.EMPTY);
        }
        // the session never started: later handlers saw no channelActive, so they get no channelInactive
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        fail(ctx, ProxyHeaderError.ABORT);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        received.discard();
    }
}

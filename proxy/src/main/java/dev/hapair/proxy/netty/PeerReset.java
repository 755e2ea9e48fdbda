package dev.hapair.proxy.netty;

import io.netty.channel.ChannelHandlerContext;
import javax.net.ssl.SSLException;

/**
 * Closing a client connection after an error. When the socket itself failed (the peer reset it, or a write
 * found it broken), nothing more can be sent: the connection is closed from the socket's side of the pipeline,
 * without the TLS close_notify (and the NewSessionTickets BoringSSL still holds) that closing through the
 * {@link io.netty.handler.ssl.SslHandler} would try to write first — a write that only earns an EPIPE, a
 * SIGPIPE and two exceptions per connection. HAProxy does not write to a connection in error either. Any other
 * error closes through the whole pipeline as before (TLS alerts and close_notify included).
 */
final class PeerReset {
    private PeerReset() {}

    /** Closes {@code ctx}'s channel after {@code cause} was caught. */
    static void close(ChannelHandlerContext ctx, Throwable cause) {
        if (socketFailed(cause)) {
            ChannelHandlerContext first = ctx.pipeline().firstContext();
            if (first != null) {
                first.close(); // the outbound path from the first handler is the socket itself
                return;
            }
        }
        ctx.close();
    }

    /**
     * An error of the socket itself (a reset, a broken pipe) as the transports report it: epoll's native errors, a
     * {@link java.net.SocketException}, or an I/O error thrown by NIO's socket code. Not a TLS error (an
     * {@link SSLException} is answered with an alert) nor an I/O error of hapair's own making.
     */
    static boolean socketFailed(Throwable cause) {
        if (cause instanceof io.netty.channel.unix.Errors.NativeIoException
                || cause instanceof java.net.SocketException) return true;
        if (!(cause instanceof java.io.IOException) || cause instanceof SSLException) return false;
        StackTraceElement[] at = cause.getStackTrace();
        return at.length > 0 && at[0].getClassName().startsWith("sun.nio.ch.");
    }
}

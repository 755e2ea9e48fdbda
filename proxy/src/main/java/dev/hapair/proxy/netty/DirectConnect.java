package dev.hapair.proxy.netty;

import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelPromise;
import io.netty.channel.EventLoop;
import io.netty.channel.epoll.HapairSocketChannel;
import io.netty.channel.epoll.HapairSocketChannelConfig;
import java.net.SocketAddress;

/**
 * A server connection on the epoll transport made as a {@code Bootstrap} would make it, without one per connection:
 * the channel, its options set on its config directly, the initializer added, registered on {@code loop}, then
 * connected; closed if the connect fails ({@code Bootstrap}'s {@code CLOSE_ON_FAILURE}). A {@code Bootstrap}
 * costs each connect a builder with two option/attribute maps copied into the channel by name, a log-guarded
 * loop over them, and a lookup of the event loop's address resolver under a lock, for a target that is already an
 * address: per-connection work in every HTTP/2 round's C2 compilations and in each {@code Connection: close}
 * request (bench/README.md, session 14 h2cpu14). The returned future is the connect's: it fails as
 * {@code Bootstrap.connect}'s would (registration or connect failure; a socket that cannot be created throws,
 * which the caller turns into the same failure by falling back to its {@code Bootstrap}).
 */
final class DirectConnect {
    private DirectConnect() {}

    /**
     * Connects a new {@link HapairSocketChannel} on {@code loop} to {@code target}: auto-read off, {@code halfClose}
     * as {@code ALLOW_HALF_CLOSURE}, the given write water mark, read sizes and connect timeout, {@code initializer}
     * as its pipeline's first handler.
     */
    static ChannelFuture connect(EventLoop loop, ChannelHandler initializer, SocketAddress target, boolean halfClose,
            io.netty.channel.WriteBufferWaterMark waterMark, io.netty.channel.RecvByteBufAllocator reads,
            int connectTimeoutMillis) {
        HapairSocketChannel ch = new HapairSocketChannel(); // a ChannelException when no socket can be made
        HapairSocketChannelConfig c = ch.config();
        c.setAutoRead(false);
        c.setAllowHalfClosure(halfClose);
        c.setWriteBufferWaterMark(waterMark);
        c.setRecvByteBufAllocator(reads);
        c.setConnectTimeoutMillis(connectTimeoutMillis);
        ch.pipeline().addLast(initializer);
        ChannelPromise connected = ch.newPromise();
        ChannelFuture registered = loop.register(ch);
        if (registered.isDone()) {
            connectAfter(registered, target, connected);
        } else {
            registered.addListener((ChannelFuture f) -> connectAfter(f, target, connected));
        }
        return connected;
    }

    private static void connectAfter(ChannelFuture registered, SocketAddress target, ChannelPromise connected) {
        if (!registered.isSuccess()) {
            // as Bootstrap: a channel that could not register is closed at once and the connect fails with the cause
            if (registered.channel().isRegistered()) registered.channel().close();
            else registered.channel().unsafe().closeForcibly();
            connected.setFailure(registered.cause());
            return;
        }
        registered.channel().connect(target, connected).addListener(ChannelFutureListener.CLOSE_ON_FAILURE);
    }
}

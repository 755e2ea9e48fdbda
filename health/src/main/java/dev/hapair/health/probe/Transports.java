package dev.hapair.health.probe;

import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;

/** Picks the client socket channel class that matches an event loop group (epoll or NIO). */
public final class Transports {

    private Transports() {}

    public static Class<? extends SocketChannel> socketChannelFor(EventLoopGroup group) {
        EventLoopGroup g = group;
        if (g instanceof EventLoop loop && loop.parent() != null) {
            g = loop.parent();
        }
        if (g instanceof EpollEventLoopGroup || g.getClass().getName().startsWith("io.netty.channel.epoll.")) {
            return EpollSocketChannel.class;
        }
        return NioSocketChannel.class;
    }
}

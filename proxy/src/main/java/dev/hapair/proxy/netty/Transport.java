package dev.hapair.proxy.netty;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;

/** Native epoll when the platform has it, NIO otherwise; one place decides so both sides match. */
public final class Transport {
    private final boolean epoll;

    private Transport(boolean epoll) {
        this.epoll = epoll;
    }

    /** Epoll if available, unless {@code -Dhapair.nio=true}. */
    public static Transport best() {
        return new Transport(!Boolean.getBoolean("hapair.nio") && Epoll.isAvailable());
    }

    public static Transport nio() {
        return new Transport(false);
    }

    public boolean isEpoll() {
        return epoll;
    }

    public EventLoopGroup newGroup(int threads, String name) {
        DefaultThreadFactory tf = new DefaultThreadFactory(name, true);
        return epoll ? new EpollEventLoopGroup(threads, tf) : new NioEventLoopGroup(threads, tf);
    }

    public Class<? extends ServerChannel> serverChannel() {
        return epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    }

    public Class<? extends SocketChannel> socketChannel() {
        return epoll ? EpollSocketChannel.class : NioSocketChannel.class;
    }

    private static final io.netty.channel.ChannelFactory<SocketChannel> EPOLL_SOCKETS = EpollSocketChannel::new;
    private static final io.netty.channel.ChannelFactory<SocketChannel> NIO_SOCKETS = NioSocketChannel::new;

    /**
     * Makes the channels of {@link #socketChannel()} by a plain constructor call: {@code Bootstrap.channel(Class)}
     * looks the constructor up by reflection (and copies it) for every Bootstrap, i.e. every server connection.
     */
    public io.netty.channel.ChannelFactory<SocketChannel> socketChannelFactory() {
        return epoll ? EPOLL_SOCKETS : NIO_SOCKETS;
    }

    /** A server channel on an already bound and listening socket (received from another process). */
    public ServerChannel wrapServerChannel(int fd) {
        if (!epoll) throw new UnsupportedOperationException("listening socket handover needs the epoll transport");
        return new EpollServerSocketChannel(fd);
    }

    /** The raw fd of an epoll channel, -1 for NIO. */
    public int fdOf(io.netty.channel.Channel ch) {
        return ch instanceof io.netty.channel.unix.UnixChannel u ? u.fd().intValue() : -1;
    }

    @Override
    public String toString() {
        return epoll ? "epoll" : "nio";
    }
}

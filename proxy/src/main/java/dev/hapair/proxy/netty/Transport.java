package dev.hapair.proxy.netty;

import dev.hapair.proxy.backend.LoopThread;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.HapairServerSocketChannel;
import io.netty.channel.epoll.HapairSocketChannel;
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
        DefaultThreadFactory tf = new LoopThreads(name);
        return epoll ? new EpollEventLoopGroup(threads, tf) : new NioEventLoopGroup(threads, tf);
    }

    /** Event-loop threads that are {@link LoopThread}s: the statistics counters give each a cell of its own. */
    private static final class LoopThreads extends DefaultThreadFactory {
        LoopThreads(String name) {
            super(name, true);
        }

        @Override
        protected Thread newThread(Runnable r, String name) {
            return new LoopThread(threadGroup, r, name);
        }
    }

    public Class<? extends ServerChannel> serverChannel() {
        return epoll ? HapairServerSocketChannel.class : NioServerSocketChannel.class;
    }

    public Class<? extends SocketChannel> socketChannel() {
        return epoll ? HapairSocketChannel.class : NioSocketChannel.class;
    }

    private static final io.netty.channel.ChannelFactory<SocketChannel> EPOLL_SOCKETS = HapairSocketChannel::new;
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
        return new HapairServerSocketChannel(fd);
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

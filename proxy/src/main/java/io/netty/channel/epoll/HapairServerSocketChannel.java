package io.netty.channel.epoll;

import io.netty.channel.Channel;
import io.netty.channel.ChannelException;
import io.netty.channel.ChannelOption;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.unix.NativeInetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;

/**
 * hapair's TCP listener on the epoll transport: Netty's server channel whose accepted connections are
 * {@link HapairSocketChannel}s (Netty's final {@code EpollServerSocketChannel} makes its own socket channels).
 * Its config is Netty's base server config (backlog, {@code SO_REUSEADDR}, on by default as in Netty's listener,
 * {@code SO_RCVBUF}); what Netty's listener config adds and hapair never sets ({@code SO_REUSEPORT},
 * {@code IP_FREEBIND}, {@code IP_TRANSPARENT}, {@code TCP_DEFER_ACCEPT}, MD5 signatures), TCP fast open (which
 * Netty's listener applies at bind and this one would not) and any option the config does not know are refused
 * with an exception where Netty's config returns false.
 */
public final class HapairServerSocketChannel extends AbstractEpollServerChannel implements ServerSocketChannel {
    private final Config config;

    /** A new socket to bind. */
    public HapairServerSocketChannel() {
        super(LinuxSocket.newSocketStream(), false);
        config = new Config(this);
    }

    /** A socket already bound and listening (inherited across a reload). */
    public HapairServerSocketChannel(int fd) {
        super(new LinuxSocket(fd));
        config = new Config(this);
    }

    @Override
    protected void doBind(SocketAddress localAddress) throws Exception {
        super.doBind(localAddress);
        socket.listen(config.getBacklog());
        active = true;
    }

    @Override
    public InetSocketAddress remoteAddress() {
        return (InetSocketAddress) super.remoteAddress();
    }

    @Override
    public InetSocketAddress localAddress() {
        return (InetSocketAddress) super.localAddress();
    }

    @Override
    public EpollServerChannelConfig config() {
        return config;
    }

    @Override
    protected Channel newChildChannel(int fd, byte[] address, int offset, int len) {
        return new HapairSocketChannel(this, new LinuxSocket(fd), NativeInetAddress.address(address, offset, len));
    }

    /** Netty's server config, refusing what it does not know (Netty's warns and goes on). */
    private static final class Config extends EpollServerChannelConfig {
        Config(HapairServerSocketChannel channel) {
            super(channel);
            setReuseAddress(true); // as Netty's listener config (and java.nio)
        }

        @Override
        public <T> boolean setOption(ChannelOption<T> option, T value) {
            // the base config keeps TCP_FASTOPEN for Netty's listener to apply at bind; this doBind does not
            if (option == ChannelOption.TCP_FASTOPEN || !super.setOption(option, value)) {
                throw new ChannelException("hapair's listener channel does not implement the option " + option);
            }
            return true;
        }
    }
}

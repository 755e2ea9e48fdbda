package dev.hapair.proxy.runtime;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.EpollDomainDatagramChannel;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.unix.DomainDatagramPacket;
import io.netty.channel.unix.DomainSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/** Stands in for systemd's {@code $NOTIFY_SOCKET}: a unix datagram socket at a path that records every message. */
final class FakeNotifySocket implements AutoCloseable {
    private final EventLoopGroup group = new EpollEventLoopGroup(1);
    private final List<String> messages = new CopyOnWriteArrayList<>();
    private final Channel channel;

    private FakeNotifySocket(Path path) throws Exception {
        Files.deleteIfExists(path);
        channel = new Bootstrap()
                .group(group)
                .channel(EpollDomainDatagramChannel.class)
                .handler(new SimpleChannelInboundHandler<DomainDatagramPacket>() {
                    @Override
                    protected void channelRead0(ChannelHandlerContext ctx, DomainDatagramPacket p) {
                        messages.add(p.content().toString(StandardCharsets.UTF_8));
                    }
                })
                .bind(new DomainSocketAddress(path.toString()))
                .sync()
                .channel();
    }

    static FakeNotifySocket bind(Path path) throws Exception {
        return new FakeNotifySocket(path);
    }

    List<String> received() {
        return List.copyOf(messages);
    }

    /** Waits until a message starting with {@code prefix} arrived after the first {@code skip} messages. */
    String await(String prefix, int skip, int seconds) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < until) {
            List<String> m = received();
            for (int i = skip; i < m.size(); i++) if (m.get(i).startsWith(prefix)) return m.get(i);
            Thread.sleep(20);
        }
        throw new AssertionError("no " + prefix + " in " + received());
    }

    @Override
    public void close() {
        channel.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
}

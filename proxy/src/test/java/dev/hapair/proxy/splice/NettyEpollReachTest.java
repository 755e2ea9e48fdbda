package dev.hapair.proxy.splice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.epoll.HapairEpollInterest;
import io.netty.channel.epoll.HapairReadiness;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * HapairReadiness and HapairEpollInterest live in Netty's package and lean on its internals (epoll flags, the
 * epoll unsafe, doWrite on EPOLLOUT, what Netty does on EPOLLRDHUP). A Netty upgrade that changes those would
 * compile and break splicing quietly; these checks fail instead. Conditions only, no sleeps.
 */
@Timeout(30)
class NettyEpollReachTest {
    private EpollEventLoopGroup group;
    private Channel listener;
    private final CompletableFuture<EpollSocketChannel> accepted = new CompletableFuture<>();
    private final AtomicInteger reads = new AtomicInteger();
    private final CountDownLatch inactive = new CountDownLatch(1);

    @BeforeEach
    void start() throws Exception {
        if (!Epoll.isAvailable() || !LinuxSplice.available()) {
            dev.hapair.testkit.Prerequisites.unavailable("needs Linux, JNA and Netty's native epoll");
        }
        group = new EpollEventLoopGroup(1);
        listener = new ServerBootstrap()
                .group(group)
                .channel(EpollServerSocketChannel.class)
                .childOption(ChannelOption.AUTO_READ, false)
                .childHandler(new ChannelInboundHandlerAdapter() {
                    @Override
                    public void channelActive(ChannelHandlerContext ctx) {
                        accepted.complete((EpollSocketChannel) ctx.channel());
                    }

                    @Override
                    public void channelRead(ChannelHandlerContext ctx, Object msg) {
                        reads.incrementAndGet();
                        io.netty.util.ReferenceCountUtil.release(msg);
                    }

                    @Override
                    public void channelInactive(ChannelHandlerContext ctx) {
                        inactive.countDown();
                    }
                })
                .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                .sync()
                .channel();
    }

    @AfterEach
    void stop() throws Exception {
        if (listener != null) listener.close().sync();
        if (group != null) group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
    }

    private int port() {
        return ((InetSocketAddress) listener.localAddress()).getPort();
    }

    private static <T> T onLoop(EventLoop loop, java.util.concurrent.Callable<T> c) throws Exception {
        return loop.submit(c).get(10, TimeUnit.SECONDS);
    }

    @Test
    void withoutPeerShutdownInterestNettyDoesNotReadAFinUntilItIsWatchedAgain() throws Exception {
        try (Socket peer = new Socket(InetAddress.getLoopbackAddress(), port())) {
            EpollSocketChannel ch = accepted.get(10, TimeUnit.SECONDS);
            EventLoop loop = ch.eventLoop();
            CountDownLatch readable = new CountDownLatch(1);
            HapairReadiness dup = onLoop(loop, () -> {
                HapairEpollInterest.ignorePeerShutdown(ch);
                int fd = LinuxSplice.fcntl(ch.fd().intValue(), LinuxSplice.F_DUPFD_CLOEXEC, 0);
                HapairReadiness r = new HapairReadiness(fd, readable::countDown, () -> {});
                assertTrue(loop.register(r).isSuccess(), "registered on the connection's own loop");
                r.awaitReadable();
                return r;
            });
            peer.shutdownOutput(); // the FIN: EPOLLIN on the duplicate, EPOLLRDHUP on Netty's channel
            assertTrue(readable.await(10, TimeUnit.SECONDS), "the readiness channel saw the FIN");
            onLoop(loop, () -> null); // every event of that wake-up has been handled by now
            assertTrue(ch.isActive(), "Netty did not read the FIN while its EPOLLRDHUP interest was off");
            assertEquals(1, inactive.getCount());
            onLoop(loop, () -> {
                dup.unsafe().closeForcibly(); // as SpliceJob.release: the duplicate goes, the socket stays
                assertTrue(ch.isActive(), "closing the duplicate left Netty's socket open");
                HapairEpollInterest.watchPeerShutdown(ch);
                return null;
            });
            assertTrue(inactive.await(10, TimeUnit.SECONDS), "watched again, Netty reads the FIN and closes");
            assertEquals(0, reads.get());
        }
    }

    @Test
    void readinessChannelReportsWritableAndReadableOnTheLoop() throws Exception {
        try (Socket peer = new Socket(InetAddress.getLoopbackAddress(), port())) {
            EpollSocketChannel ch = accepted.get(10, TimeUnit.SECONDS);
            EventLoop loop = ch.eventLoop();
            CountDownLatch writable = new CountDownLatch(1);
            CountDownLatch readable = new CountDownLatch(1);
            AtomicInteger offLoop = new AtomicInteger();
            HapairReadiness r = onLoop(loop, () -> {
                int fd = LinuxSplice.fcntl(ch.fd().intValue(), LinuxSplice.F_DUPFD_CLOEXEC, 0);
                HapairReadiness h = new HapairReadiness(
                        fd,
                        () -> {
                            if (!loop.inEventLoop()) offLoop.incrementAndGet();
                            readable.countDown();
                        },
                        () -> {
                            if (!loop.inEventLoop()) offLoop.incrementAndGet();
                            writable.countDown();
                        });
                assertTrue(loop.register(h).isSuccess());
                h.awaitWritable();
                return h;
            });
            assertTrue(writable.await(10, TimeUnit.SECONDS), "EPOLLOUT reached doWrite and the callback");
            onLoop(loop, () -> {
                r.awaitReadable();
                return null;
            });
            assertEquals(1, readable.getCount(), "nothing to read yet");
            peer.getOutputStream().write(1);
            assertTrue(readable.await(10, TimeUnit.SECONDS), "EPOLLIN reached epollInReady and the callback");
            assertEquals(0, offLoop.get(), "callbacks run on the connection's loop");
            onLoop(loop, () -> {
                r.unsafe().closeForcibly();
                return null;
            });
            assertFalse(r.isOpen());
            assertTrue(ch.isActive());
            assertEquals(0, reads.get(), "auto-read off: Netty read nothing itself");
        }
    }
}

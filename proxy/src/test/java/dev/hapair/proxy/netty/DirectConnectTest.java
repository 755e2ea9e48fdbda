package dev.hapair.proxy.netty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoop;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.HapairSocketChannel;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Server connections without a Bootstrap: every option a Bootstrap would set is set, a failed connect closes. */
class DirectConnectTest {
    private EpollEventLoopGroup group;
    private EventLoop loop;

    @BeforeEach
    void start() {
        assumeTrue(Epoll.isAvailable(), "epoll transport");
        group = new EpollEventLoopGroup(1);
        loop = group.next();
    }

    @AfterEach
    void stop() throws Exception {
        if (group != null) group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
    }

    private ChannelFuture connect(InetSocketAddress target, boolean halfClose, AtomicReference<Channel> initialized)
            throws Exception {
        var initializer = new ChannelInitializer<Channel>() {
            @Override
            protected void initChannel(Channel ch) {
                initialized.set(ch);
            }
        };
        // as ServerAttempt calls it: on the loop
        return loop.submit(() -> DirectConnect.connect(
                        loop, initializer, target, halfClose, ServerAttempt.WATER_MARK, ServerAttempt.READS, 1234))
                .get(5, TimeUnit.SECONDS);
    }

    @Test
    void connectsWithTheOptionsABootstrapWouldSet() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            AtomicReference<Channel> initialized = new AtomicReference<>();
            InetSocketAddress target = (InetSocketAddress) server.getLocalSocketAddress();
            ChannelFuture f = connect(target, true, initialized);
            assertTrue(f.await(5, TimeUnit.SECONDS) && f.isSuccess(), "connected");
            HapairSocketChannel ch = assertInstanceOf(HapairSocketChannel.class, f.channel());
            assertSame(ch, initialized.get(), "the initializer ran on the channel");
            assertSame(loop, ch.eventLoop());
            assertFalse(ch.config().isAutoRead());
            assertTrue(ch.config().isAllowHalfClosure());
            assertSame(ServerAttempt.WATER_MARK, ch.config().getWriteBufferWaterMark());
            assertSame(ServerAttempt.READS, ch.config().getRecvByteBufAllocator());
            assertEquals(1234, ch.config().getConnectTimeoutMillis());
            assertEquals(target, ch.remoteAddress());
            assertTrue(ch.config().isTcpNoDelay());
            ch.close().sync();
        }
    }

    @Test
    void halfCloseOffIsApplied() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            ChannelFuture f = connect((InetSocketAddress) server.getLocalSocketAddress(), false, new AtomicReference<>());
            assertTrue(f.await(5, TimeUnit.SECONDS) && f.isSuccess());
            assertFalse(((HapairSocketChannel) f.channel()).config().isAllowHalfClosure());
            f.channel().close().sync();
        }
    }

    @Test
    void aRefusedConnectFailsAndClosesTheChannel() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        ChannelFuture f = connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), false,
                new AtomicReference<>());
        assertTrue(f.await(5, TimeUnit.SECONDS));
        assertFalse(f.isSuccess(), "refused");
        CountDownLatch closed = new CountDownLatch(1);
        f.channel().closeFuture().addListener(x -> closed.countDown());
        assertTrue(closed.await(5, TimeUnit.SECONDS), "closed after the failure, as Bootstrap's CLOSE_ON_FAILURE");
        assertFalse(f.channel().isOpen());
    }
}

package io.netty.channel.epoll;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelException;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * hapair's own epoll socket channels: accepted connections are ours, addresses, options that must still reach the
 * socket, the close's linger test, half-close, and the send-buffer seed of the gathering-write limit.
 */
class HapairSocketChannelTest {
    private EpollEventLoopGroup group;
    private HapairServerSocketChannel listener;
    private final BlockingQueue<Object> serverEvents = new LinkedBlockingQueue<>();
    private final CompletableFuture<HapairSocketChannel> accepted = new CompletableFuture<>();

    @BeforeEach
    void listen() throws Exception {
        assumeTrue(Epoll.isAvailable(), "epoll transport");
        group = new EpollEventLoopGroup(1);
        listener = (HapairServerSocketChannel) new ServerBootstrap()
                .group(group)
                .channel(HapairServerSocketChannel.class)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.ALLOW_HALF_CLOSURE, true)
                .childHandler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        accepted.complete((HapairSocketChannel) ch);
                        ch.pipeline().addLast(new ChannelInboundHandlerAdapter() {
                            @Override
                            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                                ByteBuf b = (ByteBuf) msg;
                                serverEvents.add(b.toString(StandardCharsets.US_ASCII));
                                b.release();
                            }

                            @Override
                            public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
                                serverEvents.add(evt);
                            }

                            @Override
                            public void channelInactive(ChannelHandlerContext ctx) {
                                serverEvents.add("inactive");
                            }
                        });
                    }
                })
                .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                .sync()
                .channel();
    }

    @AfterEach
    void close() throws Exception {
        if (group != null) group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
    }

    private HapairSocketChannel connect() throws Exception {
        return (HapairSocketChannel) new Bootstrap()
                .group(group)
                .channel(HapairSocketChannel.class)
                .option(ChannelOption.ALLOW_HALF_CLOSURE, true)
                .handler(new ChannelInboundHandlerAdapter())
                .connect(listener.localAddress())
                .sync()
                .channel();
    }

    @Test
    void acceptedConnectionsAreOursWithBothAddresses() throws Exception {
        HapairSocketChannel client = connect();
        HapairSocketChannel child = accepted.get(5, TimeUnit.SECONDS);
        assertEquals(listener.localAddress(), child.localAddress());
        assertEquals(client.localAddress(), child.remoteAddress());
        assertEquals(listener.localAddress(), client.remoteAddress());
        assertEquals(listener, child.parent());
        assertTrue(child.config().isTcpNoDelay(), "TCP_NODELAY as Netty's config sets it");
        assertTrue(client.config().isTcpNoDelay());
        assertTrue(child.config().isAllowHalfClosure(), "the bootstrap's child option reached the config");
        assertTrue(child.tcpInfo(new EpollTcpInfo()).rtt() >= 0, "TCP_INFO readable");
        client.writeAndFlush(Unpooled.copiedBuffer("hello", StandardCharsets.US_ASCII))
                .sync();
        assertEquals("hello", serverEvents.poll(5, TimeUnit.SECONDS));
    }

    @Test
    void aConnectedChannelsLocalAddressIsTheKernelsWhenAsked() throws Exception {
        InetSocketAddress bindTo = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        HapairSocketChannel bound = (HapairSocketChannel) new Bootstrap()
                .group(group)
                .channel(HapairSocketChannel.class)
                .handler(new ChannelInboundHandlerAdapter())
                .connect(listener.localAddress(), bindTo)
                .sync()
                .channel();
        HapairSocketChannel child = accepted.get(5, TimeUnit.SECONDS);
        InetSocketAddress local = bound.localAddress();
        assertEquals(child.remoteAddress(), local, "the port the kernel chose, not the requested 0");
        assertTrue(local.getPort() != 0);
        assertEquals(listener.localAddress(), bound.remoteAddress());
        bound.close().sync();
        assertEquals(local, bound.localAddress(), "asked while open: still known after the close");
        assertThrows(
                java.nio.channels.AlreadyConnectedException.class,
                () -> connect().connect(listener.localAddress()).sync(),
                "a second connect of a connected channel is refused, as Netty's");
    }

    @Test
    void optionsSetThroughTheConfigReachTheSocket() throws Exception {
        HapairSocketChannel client = connect();
        client.config().setOption(ChannelOption.SO_KEEPALIVE, true);
        assertTrue(client.socket.isKeepAlive());
        client.config().setOption(EpollChannelOption.TCP_QUICKACK, false);
        assertTrue(!client.socket.isTcpQuickAck(), "the option's false reached the socket");
        client.config().setTcpQuickAck(true);
        assertTrue(client.socket.isTcpQuickAck());
        client.config().setOption(ChannelOption.SO_SNDBUF, 65536);
        assertEquals(client.socket.getSendBufferSize(), client.config().getSendBufferSize());
        assertEquals(
                2L * client.socket.getSendBufferSize(),
                client.config().getMaxBytesPerGatheringWrite(),
                "a set send buffer resizes the gathering-write limit, as Netty's config does");
        assertEquals(
                Integer.valueOf(client.socket.getSendBufferSize()),
                client.config().getOption(ChannelOption.SO_SNDBUF));
    }

    @Test
    void optionsTheConfigDoesNotKnowAreRefused() throws Exception {
        HapairSocketChannel client = connect();
        assertThrows(ChannelException.class, () -> client.config().setOption(EpollChannelOption.SO_REUSEPORT, true));
        assertThrows(ChannelException.class, () -> client.config().setOption(ChannelOption.TCP_FASTOPEN_CONNECT, true));
        assertThrows(ChannelException.class, () -> listener.config().setOption(EpollChannelOption.SO_REUSEPORT, true));
    }

    @Test
    void theListenerRefusesTcpFastOpenItWouldNotApplyAndReusesAddressesAsNettys() throws Exception {
        // Netty's EpollServerSocketChannel applies TCP_FASTOPEN at bind; this listener's doBind does not, so the
        // option must be refused (fail closed), not kept in the config and silently never set on the socket
        HapairServerSocketChannel fresh = new HapairServerSocketChannel();
        try {
            assertThrows(ChannelException.class, () -> fresh.config().setOption(ChannelOption.TCP_FASTOPEN, 5));
            // Netty's listener config turns SO_REUSEADDR on when it is made (a listener bound without the
            // option can still rebind while old connections are in TIME_WAIT)
            assertTrue(fresh.config().isReuseAddress(), "SO_REUSEADDR on by default, as Netty's listener");
        } finally {
            fresh.socket.close();
        }
    }

    @Test
    void theCloseAsksForLingerOnlyWhenItWasSet() throws Exception {
        HapairSocketChannel client = connect();
        assertFalse(client.config().lingers(), "a new socket does not linger");
        client.config().setSoLinger(0);
        assertFalse(client.config().lingers(), "SO_LINGER 0 resets at close: nothing blocks");
        client.config().setOption(ChannelOption.SO_LINGER, 2);
        assertTrue(client.config().lingers(), "a lingering close must leave the event loop, as Netty's does");
        assertEquals(2, client.socket.getSoLinger());
        client.close().sync(); // off the event loop (GlobalEventExecutor), as Netty's lingering close
        assertFalse(client.isOpen());
        assertEquals(
                ChannelInputShutdownEvent.INSTANCE,
                awaitEvent(ChannelInputShutdownEvent.INSTANCE),
                "the peer saw the FIN");
    }

    @Test
    void sendBufferSeedIsTheKernelsDefaultNotAnotherChannelsSetting() throws Exception {
        HapairSocketChannel first = connect();
        long seed = first.config().getMaxBytesPerGatheringWrite();
        HapairSocketChannel fresh = new HapairSocketChannel();
        try {
            assertEquals(2L * fresh.socket.getSendBufferSize(), seed, "seeded from a connected socket's own default");
        } finally {
            fresh.socket.close();
        }
        first.config().setSendBufferSize(8192);
        HapairSocketChannel second = connect();
        assertEquals(seed, second.config().getMaxBytesPerGatheringWrite(), "one channel's setting is not the seed");
        HapairSocketChannel child = accepted.get(5, TimeUnit.SECONDS);
        assertTrue(child.config().getMaxBytesPerGatheringWrite() > 0);
    }

    @Test
    void halfCloseKeepsTheOtherDirection() throws Exception {
        HapairSocketChannel client = connect();
        accepted.get(5, TimeUnit.SECONDS);
        client.shutdownOutput().sync();
        assertEquals(ChannelInputShutdownEvent.INSTANCE, awaitEvent(ChannelInputShutdownEvent.INSTANCE));
        HapairSocketChannel child = accepted.get();
        assertTrue(child.isActive(), "the input's end does not close the connection");
        CompletableFuture<String> got = new CompletableFuture<>();
        client.pipeline().addLast(new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                ByteBuf b = (ByteBuf) msg;
                got.complete(b.toString(StandardCharsets.US_ASCII));
                b.release();
            }
        });
        child.writeAndFlush(Unpooled.copiedBuffer("after", StandardCharsets.US_ASCII))
                .sync();
        assertEquals("after", got.get(5, TimeUnit.SECONDS));
    }

    /** A pipeline end that records what it reads and the user events it sees. */
    private static ChannelInboundHandlerAdapter recorder(BlockingQueue<Object> into) {
        return new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                ByteBuf b = (ByteBuf) msg;
                into.add(b.toString(StandardCharsets.US_ASCII));
                b.release();
            }

            @Override
            public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
                into.add(evt);
            }
        };
    }

    @Test
    void registeredWithEpollInButNothingIsReadBeforeAReadIsAskedFor() throws Exception {
        BlockingQueue<Object> childReads = new LinkedBlockingQueue<>();
        CompletableFuture<Channel> child = new CompletableFuture<>();
        Channel quiet = new ServerBootstrap()
                .group(group)
                .channel(HapairServerSocketChannel.class)
                .childOption(ChannelOption.AUTO_READ, false)
                .childHandler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast(recorder(childReads));
                        child.complete(ch);
                    }
                })
                .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                .sync()
                .channel();
        BlockingQueue<Object> clientReads = new LinkedBlockingQueue<>();
        HapairSocketChannel client = (HapairSocketChannel) new Bootstrap()
                .group(group)
                .channel(HapairSocketChannel.class)
                .option(ChannelOption.AUTO_READ, false)
                .option(ChannelOption.ALLOW_HALF_CLOSURE, true)
                .handler(recorder(clientReads))
                .connect(quiet.localAddress())
                .sync()
                .channel();
        Channel accepted = child.get(5, TimeUnit.SECONDS);
        // both directions: data arrives on a socket with auto-read off that never asked to read
        client.writeAndFlush(Unpooled.copiedBuffer("early", StandardCharsets.US_ASCII))
                .sync();
        accepted.writeAndFlush(Unpooled.copiedBuffer("first", StandardCharsets.US_ASCII))
                .sync();
        assertEquals(null, childReads.poll(300, TimeUnit.MILLISECONDS), "auto-read off: nothing read");
        assertEquals(null, clientReads.poll(10, TimeUnit.MILLISECONDS), "auto-read off: nothing read");
        accepted.read();
        assertEquals("early", childReads.poll(5, TimeUnit.SECONDS), "the data waiting is read once asked for");
        client.read();
        assertEquals("first", clientReads.poll(5, TimeUnit.SECONDS));
        // a FIN is still noticed with auto-read off, as Netty notices it (EPOLLRDHUP)
        ((io.netty.channel.socket.DuplexChannel) accepted).shutdownOutput().sync();
        assertEquals(ChannelInputShutdownEvent.INSTANCE, pollUntil(clientReads, ChannelInputShutdownEvent.INSTANCE));
        quiet.close().sync();
    }

    private static Object pollUntil(BlockingQueue<Object> q, Object expected) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() < until) {
            Object e = q.poll(100, TimeUnit.MILLISECONDS);
            if (expected.equals(e)) return e;
        }
        return null;
    }

    private Object awaitEvent(Object expected) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() < until) {
            Object e = serverEvents.poll(100, TimeUnit.MILLISECONDS);
            if (expected.equals(e)) return e;
        }
        return null;
    }
}

package io.netty.channel.epoll;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The tcp relay's direct send: only when nothing is queued, never behind queued bytes, and what it sent arrives. */
class HapairDirectSendTest {
    private EpollEventLoopGroup group;
    private Channel server;
    private Channel client;
    private final StringBuffer received = new StringBuffer();

    @BeforeEach
    void connect() throws Exception {
        assumeTrue(Epoll.isAvailable(), "epoll transport");
        group = new EpollEventLoopGroup(1);
        server = new ServerBootstrap()
                .group(group)
                .channel(EpollServerSocketChannel.class)
                .childHandler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast(new ChannelInboundHandlerAdapter() {
                            @Override
                            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                                ByteBuf b = (ByteBuf) msg;
                                received.append(b.toString(StandardCharsets.US_ASCII));
                                b.release();
                            }
                        });
                    }
                })
                .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                .sync()
                .channel();
        client = new Bootstrap()
                .group(group)
                .channel(EpollSocketChannel.class)
                .handler(new ChannelInboundHandlerAdapter())
                .connect(server.localAddress())
                .sync()
                .channel();
    }

    @AfterEach
    void close() throws Exception {
        if (group != null) group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
    }

    private <T> T onLoop(Callable<T> c) throws Exception {
        return client.eventLoop().submit(c).get(5, TimeUnit.SECONDS);
    }

    private static ByteBuf direct(String s) {
        ByteBuf b = PooledByteBufAllocator.DEFAULT.directBuffer();
        b.writeCharSequence(s, StandardCharsets.US_ASCII);
        return b;
    }

    private void awaitReceived(String expected) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!received.toString().equals(expected) && System.nanoTime() < until) Thread.sleep(5);
        assertEquals(expected, received.toString());
    }

    @Test
    void sendsEverythingWhenNothingIsQueued() throws Exception {
        assertTrue(HapairDirectSend.supports(client));
        ByteBuf b = direct("hello");
        assertEquals(5, onLoop(() -> HapairDirectSend.send(client, b)));
        assertEquals(0, b.readableBytes(), "reader index advanced past what went");
        b.release();
        ByteBuf nio = Unpooled.directBuffer(); // an unpooled direct buffer
        nio.writeCharSequence(" nio", StandardCharsets.US_ASCII);
        assertEquals(4, onLoop(() -> HapairDirectSend.send(client, nio)));
        nio.release();
        // a heap buffer is left to the pipeline, which copies it to a direct one as Netty's write does
        ByteBuf heap = Unpooled.copiedBuffer(" heap", StandardCharsets.US_ASCII);
        assertEquals(0, onLoop(() -> HapairDirectSend.send(client, heap)));
        assertEquals(5, heap.readableBytes());
        onLoop(() -> client.writeAndFlush(heap));
        awaitReceived("hello nio heap");
    }

    @Test
    void neverSendsBehindQueuedBytes() throws Exception {
        ByteBuf later = direct("second");
        // an unflushed write, and an empty one (as the relay's FIN marker): both must go first
        int sent = onLoop(() -> {
            client.write(direct("first "), client.voidPromise());
            return HapairDirectSend.send(client, later);
        });
        assertEquals(0, sent);
        assertEquals(6, later.readableBytes(), "nothing consumed");
        onLoop(() -> client.writeAndFlush(later));
        awaitReceived("first second");

        ByteBuf afterEmpty = direct("x");
        int sentAfterEmpty = onLoop(() -> {
            client.write(Unpooled.EMPTY_BUFFER, client.voidPromise());
            return HapairDirectSend.send(client, afterEmpty);
        });
        assertEquals(0, sentAfterEmpty, "an empty queued write counts as queued");
        afterEmpty.release();
    }

    @Test
    void sendsNothingOnceTheOutputIsShut() throws Exception {
        ((EpollSocketChannel) client).shutdownOutput().sync();
        ByteBuf b = direct("late");
        assertEquals(0, onLoop(() -> HapairDirectSend.send(client, b)));
        assertEquals(4, b.readableBytes());
        b.release();
        client.close().sync();
        ByteBuf c = direct("closed");
        assertEquals(0, onLoop(() -> HapairDirectSend.send(client, c)));
        c.release();
    }
}

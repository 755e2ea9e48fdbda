package io.netty.channel.epoll;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.AbstractByteBufAllocator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
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
 * {@link HapairSocketChannel#relayRead}: what goes wrong in a read around the pipeline ends as it does in Netty's
 * read (the exception through the connection's pipeline), never in the event loop, whose other connections go on.
 */
class HapairRelayReadTest {
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
                        ch.pipeline().addLast(new ChannelInboundHandlerAdapter() {
                            @Override
                            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                                ByteBuf b = (ByteBuf) msg;
                                serverEvents.add(b.toString(StandardCharsets.US_ASCII));
                                b.release();
                            }

                            @Override
                            public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                                serverEvents.add(cause);
                            }
                        });
                        accepted.complete((HapairSocketChannel) ch);
                    }
                })
                .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                .sync()
                .channel();
    }

    @AfterEach
    void close() throws Exception {
        if (group != null) group.shutdownGracefully(0, 1, TimeUnit.SECONDS).await(5, TimeUnit.SECONDS);
    }

    private Channel connect() throws Exception {
        return new Bootstrap()
                .group(group)
                .channel(HapairSocketChannel.class)
                .handler(new ChannelInboundHandlerAdapter())
                .connect(listener.localAddress())
                .sync()
                .channel();
    }

    /** The loop still runs tasks (a dead or sleeping loop does not within the time). */
    private void assertLoopAlive() throws Exception {
        assertEquals(1, group.next().submit(() -> 1).get(500, TimeUnit.MILLISECONDS));
    }

    @Test
    void aBufferTheAllocatorCannotGiveFailsTheConnectionNotTheEventLoop() throws Exception {
        Channel client = connect();
        HapairSocketChannel child = accepted.get(5, TimeUnit.SECONDS);
        OutOfMemoryError oom = new OutOfMemoryError("Cannot reserve direct buffer memory");
        child.eventLoop()
                .submit(() -> {
                    child.relayRead(chunk -> serverEvents.add("relayed"), 16384);
                    child.config().setAllocator(new FailingAllocator(oom));
                })
                .get(5, TimeUnit.SECONDS);
        client.writeAndFlush(Unpooled.copiedBuffer("x", StandardCharsets.US_ASCII));
        // Netty's read: the allocation's error through the pipeline and the input shut, the loop unharmed
        assertEquals(oom, serverEvents.poll(3, TimeUnit.SECONDS));
        assertLoopAlive();
        assertTrue(child.isInputShutdown() || !child.isOpen(), "the input shut as by Netty's read");
    }

    @Test
    void aRelayThatThrowsFailsItsConnectionThroughThePipeline() throws Exception {
        Channel client = connect();
        HapairSocketChannel child = accepted.get(5, TimeUnit.SECONDS);
        IllegalStateException boom = new IllegalStateException("relay bug");
        child.eventLoop()
                .submit(() -> child.relayRead(
                        chunk -> {
                            chunk.release();
                            throw boom;
                        },
                        16384))
                .get(5, TimeUnit.SECONDS);
        client.writeAndFlush(Unpooled.copiedBuffer("x", StandardCharsets.US_ASCII));
        // as the pipeline does with a handler's exception in channelRead: exceptionCaught, not the loop's handler
        // (which logs, sleeps a second and drops the rest of that wake-up's ready events)
        Object e = serverEvents.poll(3, TimeUnit.SECONDS);
        assertInstanceOf(IllegalStateException.class, e);
        assertEquals(boom, e);
        assertLoopAlive();
    }

    private static final class FailingAllocator extends AbstractByteBufAllocator {
        private final OutOfMemoryError error;

        FailingAllocator(OutOfMemoryError error) {
            super(true);
            this.error = error;
        }

        @Override
        protected ByteBuf newDirectBuffer(int initialCapacity, int maxCapacity) {
            throw error;
        }

        @Override
        protected ByteBuf newHeapBuffer(int initialCapacity, int maxCapacity) {
            return ByteBufAllocator.DEFAULT.heapBuffer(initialCapacity, maxCapacity);
        }

        @Override
        public boolean isDirectBufferPooled() {
            return false;
        }
    }
}

package dev.hapair.proxy.runtime;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollDomainSocketChannel;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.unix.DomainSocketAddress;
import io.netty.channel.unix.DomainSocketReadMode;
import io.netty.channel.unix.FileDescriptor;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The new process's side of a binary upgrade: asks the old process for its listening sockets over its
 * stats socket ({@code _getsocks}, see {@link RuntimeSocketServer}) and returns the received fds, which
 * stay listening in the kernel the whole time, so no queued connection is lost.
 */
public final class ListenerHandover {
    private ListenerHandover() {}

    /** Fetches the old process's listening sockets; throws if none could be fetched in {@code timeout}. */
    public static List<Integer> fetch(Path socket, Duration timeout) throws IOException {
        EventLoopGroup group = new EpollEventLoopGroup(1, new DefaultThreadFactory("hapair-handover", true));
        List<Integer> fds = new ArrayList<>();
        CompletableFuture<List<Integer>> done = new CompletableFuture<>();
        StringBuilder text = new StringBuilder();
        try {
            Channel ch = new Bootstrap()
                    .group(group)
                    .channel(EpollDomainSocketChannel.class)
                    .option(EpollChannelOption.DOMAIN_SOCKET_READ_MODE, DomainSocketReadMode.FILE_DESCRIPTORS)
                    .handler(new ChannelInboundHandlerAdapter() {
                        @Override
                        public void channelRead(ChannelHandlerContext ctx, Object msg) {
                            if (msg instanceof FileDescriptor fd) {
                                synchronized (fds) {
                                    fds.add(fd.intValue());
                                }
                            } else {
                                io.netty.util.ReferenceCountUtil.release(msg);
                            }
                        }

                        @Override
                        public void channelInactive(ChannelHandlerContext ctx) {
                            synchronized (fds) {
                                done.complete(List.copyOf(fds));
                            }
                        }

                        @Override
                        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                            text.append(cause.getMessage());
                            done.completeExceptionally(cause);
                            ctx.close();
                        }
                    })
                    .connect(new DomainSocketAddress(socket.toString()))
                    .syncUninterruptibly()
                    .channel();
            ch.writeAndFlush(Unpooled.copiedBuffer("_getsocks\n", StandardCharsets.US_ASCII));
            List<Integer> got = done.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (got.isEmpty()) {
                throw new IOException("no listening socket received from " + socket
                        + " (is 'expose-fd listeners' set on that stats socket?)");
            }
            return got;
        } catch (ExecutionException e) {
            throw new IOException("fetching listeners from " + socket + ": " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new IOException(
                    "fetching listeners from " + socket + ": no answer within " + timeout.toMillis() + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while fetching listeners from " + socket);
        } catch (RuntimeException e) {
            throw new IOException("cannot connect to " + socket + ": " + e, e);
        } catch (Exception e) { // Netty rethrows connect errors unchecked-ly
            throw new IOException("cannot connect to " + socket + ": " + e, e);
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        }
    }
}

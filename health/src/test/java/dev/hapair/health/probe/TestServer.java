package dev.hapair.health.probe;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A tiny HTTP-ish server on 127.0.0.1 whose behaviour each test chooses. */
final class TestServer implements AutoCloseable {

    enum Mode {
        /** Reply {@code HTTP/1.0 <status> X} and close. */
        STATUS,
        /** Reply bytes that are not an HTTP status line. */
        GARBAGE,
        /** Accept and read, never answer. */
        SILENT,
        /** Close the connection as soon as it is accepted. */
        CLOSE
    }

    static EventLoopGroup newGroup(int threads) {
        return Epoll.isAvailable() ? new EpollEventLoopGroup(threads) : new NioEventLoopGroup(threads);
    }

    volatile Mode mode = Mode.STATUS;
    volatile int status = 200;
    volatile String body = "";
    /** When false, the body is close-delimited (no Content-Length), as many health endpoints do. */
    volatile boolean sendContentLength = true;

    final List<String> requests = new CopyOnWriteArrayList<>();
    private final Channel listener;

    TestServer(EventLoopGroup group) throws InterruptedException {
        Class<? extends ServerSocketChannel> cls =
                group instanceof EpollEventLoopGroup ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
        listener = new ServerBootstrap()
                .group(group)
                .channel(cls)
                .option(ChannelOption.SO_BACKLOG, 2048)
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast(new Handler());
                    }
                })
                .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                .sync()
                .channel();
    }

    InetSocketAddress address() {
        return (InetSocketAddress) listener.localAddress();
    }

    @Override
    public void close() throws InterruptedException {
        listener.close().sync();
    }

    private final class Handler extends ChannelInboundHandlerAdapter {
        private final StringBuilder req = new StringBuilder();
        private boolean answered;

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            if (mode == Mode.CLOSE) {
                ctx.close();
            }
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf in = (ByteBuf) msg;
            try {
                req.append(in.toString(StandardCharsets.ISO_8859_1));
            } finally {
                in.release();
            }
            int end = req.indexOf("\r\n\r\n");
            if (answered || end < 0) {
                return;
            }
            answered = true;
            requests.add(req.substring(0, end + 4));
            String reply;
            switch (mode) {
                case STATUS -> reply = "HTTP/1.0 " + status + " Whatever\r\nContent-Type: text/plain\r\n"
                        + (sendContentLength ? "Content-Length: " + body.length() + "\r\n" : "") + "\r\n" + body;
                case GARBAGE -> reply = "SSH-2.0-OpenSSH_9.2\r\n";
                default -> reply = null;
            }
            if (reply != null) {
                ctx.writeAndFlush(Unpooled.copiedBuffer(reply, StandardCharsets.ISO_8859_1))
                        .addListener(ChannelFutureListener.CLOSE);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close(); // checks close with RST; that is expected here
        }
    }
}

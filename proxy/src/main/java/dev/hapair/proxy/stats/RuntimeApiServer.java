package dev.hapair.proxy.stats;

import dev.hapair.proxy.config.Endpoint;
import dev.hapair.proxy.config.StatsSocket;
import dev.hapair.proxy.netty.InheritedSocket;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.unix.DomainSocketAddress;
import io.netty.handler.codec.LineBasedFrameDecoder;
import io.netty.handler.codec.string.StringDecoder;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.DefaultEventExecutorGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.EventExecutorGroup;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * One {@code stats socket}: a unix socket (epoll domain socket) or a TCP listener speaking HAProxy's
 * line protocol, so {@code echo "show info" | socat stdio /run/hapair.sock} and {@code nc -U} work.
 * Without {@code prompt} a connection runs one line and is closed, as HAProxy does.
 */
public final class RuntimeApiServer implements AutoCloseable {
    private static final int MAX_LINE = 64 * 1024;
    /** A {@code <<} payload (a certificate chain and key) is bounded: the CLI never holds more per connection. */
    static final int MAX_PAYLOAD = 1024 * 1024;

    private final StatsSocket config;
    private final RuntimeApi api;
    private final long idleTimeoutMillis;
    /**
     * Where commands run: one thread of its own, not the event loops that carry traffic. Some commands cost
     * milliseconds (an {@code add acl} recompiles its pattern set: 20-150 ms for 100,000 addresses), and a script of
     * such commands run on an event loop would stall every connection of that loop meanwhile. One thread also keeps
     * the commands of all sessions in order, as HAProxy's single CLI applet does.
     */
    private final EventExecutorGroup commands =
            new DefaultEventExecutorGroup(1, new DefaultThreadFactory("hapair-cli", true));

    private Channel listener;
    private Path unixPath;
    private Path bindPath;
    private Object fileKey;

    /** @param idleTimeoutMillis {@code stats timeout}: an idle interactive session is closed after it */
    public RuntimeApiServer(StatsSocket config, RuntimeApi api, long idleTimeoutMillis) {
        this.config = config;
        this.api = api;
        this.idleTimeoutMillis = idleTimeoutMillis;
    }

    /** Binds on {@code group} (must be an epoll group for a unix socket). */
    public RuntimeApiServer start(EventLoopGroup group, boolean epoll) throws IOException, InterruptedException {
        SocketAddress addr = null;
        Class<? extends io.netty.channel.ServerChannel> type = null;
        io.netty.channel.ServerChannel inherited = null;
        if (config.endpoint() instanceof Endpoint.Fd f) {
            // already bound and listening (TCP or unix), handed down by the parent: accept on it as it is
            if (!epoll) throw new IOException("stats socket '" + f.display() + "' needs the epoll transport");
            inherited = InheritedSocket.inspect(f.fd()).channel();
        } else if (config.endpoint() instanceof Endpoint.Unix u) {
            if (!epoll) throw new IOException("unix stats socket '" + u.path() + "' needs the epoll transport");
            unixPath = Path.of(u.path());
            if (unixPath.getParent() != null) Files.createDirectories(unixPath.getParent());
            // Bound under a temporary name, then renamed over the path (replacing a stale socket, or the
            // socket of the process being upgraded): the path always answers, and the old process's exit
            // (a closing Netty channel deletes the path it was bound to) never removes the new socket.
            bindPath = unixPath.resolveSibling(
                    unixPath.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
            Files.deleteIfExists(bindPath);
            addr = new DomainSocketAddress(bindPath.toString());
            type = EpollServerDomainSocketChannel.class;
        } else {
            Endpoint.Inet in = (Endpoint.Inet) config.endpoint();
            addr = new InetSocketAddress(in.isWildcard() ? "0.0.0.0" : in.bindHost(), in.port());
            type = epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
        }
        // Half-closure kept: `echo cmd | socat` shuts its side down at once, and the answer, computed on the
        // commands thread, must still go out; the handler closes once the commands before the EOF are answered.
        ServerBootstrap b = new ServerBootstrap()
                .group(group)
                .childOption(ChannelOption.ALLOW_HALF_CLOSURE, true)
                .childHandler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        if (idleTimeoutMillis > 0) {
                            ch.pipeline().addLast(new IdleStateHandler(0, 0, idleTimeoutMillis, TimeUnit.MILLISECONDS));
                        }
                        ch.pipeline()
                                .addLast(new LineBasedFrameDecoder(MAX_LINE, true, false))
                                .addLast(new StringDecoder(StandardCharsets.UTF_8))
                                .addLast(
                                        commands,
                                        "cli",
                                        new CliHandler(new CliSession(config.level(), config.exposeFdListeners(), ch)));
                    }
                });
        if (inherited != null) {
            io.netty.channel.ServerChannel ch = inherited;
            listener = b.channelFactory(() -> ch).register().sync().channel();
        } else {
            listener = b.channel(type).bind(addr).sync().channel();
        }
        if (unixPath != null) {
            applyMode(bindPath);
            applyOwner(bindPath);
            Files.move(
                    bindPath,
                    unixPath,
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            fileKey = Files.readAttributes(unixPath, java.nio.file.attribute.BasicFileAttributes.class)
                    .fileKey();
        }
        return this;
    }

    /** {@code user}/{@code uid} and {@code group}/{@code gid} of the socket file (names or numeric ids). */
    private void applyOwner(Path file) throws IOException {
        if (config.user().isEmpty() && config.group().isEmpty()) return;
        var lookup = file.getFileSystem().getUserPrincipalLookupService();
        var view = Files.getFileAttributeView(
                file, java.nio.file.attribute.PosixFileAttributeView.class, java.nio.file.LinkOption.NOFOLLOW_LINKS);
        if (config.user().isPresent())
            view.setOwner(lookup.lookupPrincipalByName(config.user().get()));
        if (config.group().isPresent())
            view.setGroup(lookup.lookupPrincipalByGroupName(config.group().get()));
    }

    private void applyMode(Path file) throws IOException {
        if (config.mode().isEmpty()) return;
        int m = config.mode().getAsInt();
        Set<PosixFilePermission> perms = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] order = {
            PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ,
            PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
            PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ
        };
        for (int i = 0; i < order.length; i++) if ((m & (1 << i)) != 0) perms.add(order[i]);
        Files.setPosixFilePermissions(file, perms);
    }

    /** The bound address (the TCP port when bound to port 0). */
    public SocketAddress localAddress() {
        return listener.localAddress();
    }

    public StatsSocket config() {
        return config;
    }

    @Override
    public void close() {
        if (listener != null) listener.close().syncUninterruptibly();
        commands.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        if (unixPath != null) {
            try {
                Object now = Files.readAttributes(unixPath, java.nio.file.attribute.BasicFileAttributes.class)
                        .fileKey();
                if (now.equals(fileKey)) Files.deleteIfExists(unixPath); // not when a newer process owns the path
            } catch (IOException ignored) {
                // left behind: the next start replaces it
            }
        }
    }

    private final class CliHandler extends SimpleChannelInboundHandler<String> {
        private final CliSession session;

        CliHandler(CliSession session) {
            this.session = session;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, String line) {
            String out;
            String command =
                    session.collect(line.endsWith("\r") ? line.substring(0, line.length() - 1) : line, MAX_PAYLOAD);
            if (command == null) {
                return; // a payload is being read
            }
            if (command.startsWith("\u0000")) {
                out = "Payload too large (more than " + MAX_PAYLOAD + " bytes)\n\n";
                ctx.writeAndFlush(Unpooled.copiedBuffer(out, StandardCharsets.UTF_8))
                        .addListener(ChannelFutureListener.CLOSE);
                return;
            }
            // While a command runs, lines that follow wait in the socket, not in this thread's queue: a client
            // pipelining commands faster than they run cannot grow memory here.
            ctx.channel().config().setAutoRead(false);
            try {
                out = api.execute(command, session);
            } catch (RuntimeException e) {
                out = "Internal error: " + e + "\n\n"; // a bad command must never take the daemon down
            }
            if (session.interactive() && !session.quit()) {
                ctx.writeAndFlush(Unpooled.copiedBuffer(out + "\n> ", StandardCharsets.UTF_8));
                ctx.channel().config().setAutoRead(true);
            } else {
                ctx.writeAndFlush(Unpooled.copiedBuffer(out, StandardCharsets.UTF_8))
                        .addListener(ChannelFutureListener.CLOSE);
            }
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            // the EOF comes through this thread after the lines read before it: their answers are queued first
            if (evt instanceof IdleStateEvent || evt instanceof ChannelInputShutdownEvent) ctx.close();
            else ctx.fireUserEventTriggered(evt);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}

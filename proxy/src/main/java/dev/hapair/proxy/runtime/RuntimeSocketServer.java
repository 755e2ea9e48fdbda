package dev.hapair.proxy.runtime;

import dev.hapair.proxy.config.StatsLevel;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.netty.channel.unix.DomainSocketAddress;
import io.netty.channel.unix.FileDescriptor;
import io.netty.handler.codec.LineBasedFrameDecoder;
import io.netty.handler.codec.string.StringDecoder;
import io.netty.handler.codec.string.StringEncoder;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A {@code stats socket PATH} listener: one command line per connection, answered in plain text, then
 * closed, as HAProxy's non-interactive mode ({@code echo "show info" | socat stdio /run/haproxy.sock}).
 *
 * <p>This class owns the transport and the {@code _getsocks} command (listening socket handover for a
 * binary upgrade, only on a socket with {@code expose-fd listeners}); every other command goes to the
 * {@link CommandHandler} set with {@link #handler}, which the runtime API (stats package) supplies.
 *
 * <p>{@code _getsocks} framing (our own, not HAProxy's): each listening socket is sent as one
 * SCM_RIGHTS message carrying one fd and one data byte; end of stream ends the list. The receiver reads
 * each socket's address from the socket itself.
 */
public final class RuntimeSocketServer implements AutoCloseable {
    /** The runtime API: answers a command line, or returns null for "unknown command". */
    @FunctionalInterface
    public interface CommandHandler {
        String execute(String commandLine, StatsLevel level);
    }

    static final String UNKNOWN = "Unknown command. Please enter one of the following commands only :\n"
        + "  help           : this message\n  _getsocks      : hand the listening sockets to a new process "
        + "(expose-fd listeners)\n";

    private final Path path;
    private final StatsLevel level;
    private final boolean exposeFd;
    private final Supplier<List<Integer>> listenerFds;
    private final EventLoopGroup group;
    private final Channel channel;
    private volatile CommandHandler handler = (line, lvl) -> null;

    private volatile Object fileKey;

    private RuntimeSocketServer(Path path, Path bindPath, StatsLevel level, boolean exposeFd,
                                Supplier<List<Integer>> listenerFds) {
        this.path = path;
        this.level = level;
        this.exposeFd = exposeFd;
        this.listenerFds = listenerFds;
        this.group = new EpollEventLoopGroup(1, new DefaultThreadFactory("hapair-runtime-socket", true));
        try {
            this.channel = new ServerBootstrap().group(group)
                .channel(EpollServerDomainSocketChannel.class)
                .childHandler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast(new LineBasedFrameDecoder(16384),
                            new StringDecoder(StandardCharsets.UTF_8), new StringEncoder(StandardCharsets.UTF_8),
                            new CommandLineHandler());
                    }
                })
                .bind(new DomainSocketAddress(bindPath.toString())).syncUninterruptibly().channel();
        } catch (RuntimeException e) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            throw e;
        }
    }

    /**
     * Binds {@code path}, replacing a stale file or the socket of the process being upgraded (which must
     * have been asked for its listeners first). The socket is bound under a temporary name and renamed
     * onto {@code path}, so the path always answers; and since a closing Netty channel deletes the path it
     * was bound to, the old process's exit can never remove the new process's socket.
     * {@code mode} is the octal permission, or -1.
     */
    public static RuntimeSocketServer open(Path path, int mode, StatsLevel level, boolean exposeFdListeners,
                                           Supplier<List<Integer>> listenerFds) throws IOException {
        if (path.getParent() != null) Files.createDirectories(path.getParent());
        Path tmp = path.resolveSibling(path.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
        Files.deleteIfExists(tmp);
        RuntimeSocketServer s = new RuntimeSocketServer(path, tmp, level, exposeFdListeners, listenerFds);
        try {
            if (mode >= 0) Files.setPosixFilePermissions(tmp, permissions(mode));
            Files.move(tmp, path, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            s.fileKey = Files.readAttributes(path, java.nio.file.attribute.BasicFileAttributes.class).fileKey();
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        }
        return s;
    }

    static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> out = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] bits = {PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE,
            PosixFilePermission.GROUP_READ, PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE,
            PosixFilePermission.OWNER_READ};
        for (int i = 0; i < bits.length; i++) if ((mode & (1 << i)) != 0) out.add(bits[i]);
        return out;
    }

    /** Sets the runtime API that answers every command except {@code _getsocks}. */
    public RuntimeSocketServer handler(CommandHandler h) {
        this.handler = h;
        return this;
    }

    public Path path() { return path; }

    public boolean exposesListeners() { return exposeFd; }

    @Override
    public void close() {
        try {
            Object now = Files.readAttributes(path, java.nio.file.attribute.BasicFileAttributes.class).fileKey();
            if (fileKey != null && fileKey.equals(now)) Files.deleteIfExists(path); // still ours, not a newer process's
        } catch (IOException ignored) {
            // gone already
        }
        channel.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }

    private final class CommandLineHandler extends SimpleChannelInboundHandler<String> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, String line) {
            String cmd = line.strip();
            if (cmd.equals("_getsocks")) {
                if (!exposeFd) {
                    ctx.writeAndFlush("Permission denied (no 'expose-fd listeners' on this socket)\n")
                        .addListener(ChannelFutureListener.CLOSE);
                    return;
                }
                for (int fd : listenerFds.get()) ctx.write(new FileDescriptor(fd));
                ctx.writeAndFlush(io.netty.buffer.Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
                return;
            }
            String answer = cmd.isEmpty() ? "" : handler.execute(cmd, level);
            if (answer == null) answer = UNKNOWN;
            if (!answer.isEmpty() && !answer.endsWith("\n")) answer += "\n";
            ctx.writeAndFlush(answer + "\n").addListener(ChannelFutureListener.CLOSE);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}

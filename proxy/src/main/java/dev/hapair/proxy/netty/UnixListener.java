package dev.hapair.proxy.netty;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.netty.channel.unix.DomainSocketAddress;
import java.io.IOException;
import java.net.SocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Objects;

/**
 * A {@code bind} on a unix stream socket: a file system path ({@code /path}, {@code unix@/path}) or a Linux
 * abstract-namespace name ({@code abns@name}). Equal by what it names, so a reload that keeps the line keeps
 * the socket.
 */
public final class UnixListener extends SocketAddress {
    private static final long serialVersionUID = 1L;

    private final String name;
    private final boolean abstractNamespace;

    private UnixListener(String name, boolean abstractNamespace) {
        this.name = Objects.requireNonNull(name);
        this.abstractNamespace = abstractNamespace;
    }

    public static UnixListener path(String path) {
        return new UnixListener(path, false);
    }

    public static UnixListener abstractName(String name) {
        return new UnixListener(name, true);
    }

    public String name() {
        return name;
    }

    public boolean isAbstract() {
        return abstractNamespace;
    }

    /**
     * The kernel address: a path, or for {@code abns@} a NUL followed by the name. The address length is that
     * of the name (as socat and systemd use them); HAProxy pads the name with NULs to the whole
     * {@code sun_path}, which Netty cannot bind, so an abns socket of HAProxy is not one of hapair (README).
     */
    public DomainSocketAddress kernelAddress() {
        return kernelAddress(name, abstractNamespace);
    }

    /** Same as {@link #kernelAddress()} for a server address. */
    public static DomainSocketAddress kernelAddress(String name, boolean abstractNamespace) {
        return new DomainSocketAddress(abstractNamespace ? "\0" + name : name);
    }

    /**
     * Binds and listens (epoll only). A path is bound under a temporary name and renamed over the configured
     * one, so a stale socket is replaced and the path never stops answering when another process (the one
     * being upgraded) held it; that process's closing channel deletes only the name it bound.
     */
    Channel bind(ServerBootstrap b, Transport transport) throws IOException, InterruptedException {
        if (!transport.isEpoll()) throw new IOException("unix socket listeners need the epoll transport");
        b.channel(EpollServerDomainSocketChannel.class);
        if (abstractNamespace) return b.bind(kernelAddress()).sync().channel();
        Path target = Path.of(name);
        Path temp = target.resolveSibling(
                target.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
        Files.deleteIfExists(temp);
        Channel ch = b.bind(new DomainSocketAddress(temp.toString())).sync().channel();
        try {
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            ch.close();
            throw e;
        }
        return ch;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof UnixListener u && u.abstractNamespace == abstractNamespace && u.name.equals(name);
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + (abstractNamespace ? 1 : 0);
    }

    /** As written in the configuration: {@code /path} or {@code abns@name}. */
    @Override
    public String toString() {
        return abstractNamespace ? "abns@" + name : name;
    }
}

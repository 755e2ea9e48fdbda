package dev.hapair.proxy.netty;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.ptr.IntByReference;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.netty.channel.epoll.HapairServerSocketChannel;
import java.io.IOException;

/**
 * A listening socket this process inherited as a file descriptor ({@code bind fd@N}, {@code stats socket
 * fd@N}): from systemd socket activation, from a test runner such as VTest, or any parent that bound it.
 * {@link #inspect} checks that the fd is an open, listening stream socket and makes it non-blocking (a
 * parent usually hands over a blocking socket; accepting on it from an event loop would stall the loop).
 *
 * @param fd     the descriptor number
 * @param family {@link Family#INET} (IPv4/IPv6 TCP) or {@link Family#UNIX}
 */
public record InheritedSocket(int fd, Family family) {

    /** The socket's address family. */
    public enum Family {
        INET,
        UNIX
    }

    // Linux ABI values (the same on x86_64 and aarch64)
    private static final int SOL_SOCKET = 1;
    private static final int SO_TYPE = 3;
    private static final int SO_ACCEPTCONN = 30;
    private static final int SO_DOMAIN = 39;
    private static final int SOCK_STREAM = 1;
    private static final int AF_UNIX = 1;
    private static final int AF_INET = 2;
    private static final int AF_INET6 = 10;
    private static final int F_GETFL = 3;
    private static final int F_SETFL = 4;
    private static final int O_NONBLOCK = 0x800;
    private static final int EBADF = 9;
    private static final int ENOTSOCK = 88;

    interface LibC extends Library {
        int getsockopt(int fd, int level, int name, IntByReference value, IntByReference len) throws LastErrorException;

        int fcntl(int fd, int cmd, int arg) throws LastErrorException;
    }

    private static final class Holder {
        static final LibC LIBC = Native.load("c", LibC.class);
    }

    /**
     * Checks {@code fd} and sets it non-blocking; the message of the exception says what is wrong
     * ("not an open file descriptor", "not a socket", "not listening", ...).
     */
    public static InheritedSocket inspect(int fd) throws IOException {
        LibC c;
        try {
            c = Holder.LIBC;
        } catch (LinkageError e) {
            throw new IOException("inherited sockets need libc through JNA (" + e.getMessage() + ")");
        }
        int domain;
        try {
            domain = option(c, fd, SO_DOMAIN);
        } catch (LastErrorException e) {
            throw new IOException(
                    switch (e.getErrorCode()) {
                        case EBADF -> "fd " + fd + " is not an open file descriptor (was it passed to this process?)";
                        case ENOTSOCK -> "fd " + fd + " is not a socket";
                        default -> "fd " + fd + ": getsockopt failed, errno " + e.getErrorCode();
                    });
        }
        Family family =
                switch (domain) {
                    case AF_INET, AF_INET6 -> Family.INET;
                    case AF_UNIX -> Family.UNIX;
                    default -> throw new IOException(
                            "fd " + fd + " is a socket of address family " + domain + ", not IPv4, IPv6 or unix");
                };
        try {
            if (option(c, fd, SO_TYPE) != SOCK_STREAM) {
                throw new IOException("fd " + fd + " is not a stream (TCP or unix stream) socket");
            }
            if (option(c, fd, SO_ACCEPTCONN) == 0) {
                throw new IOException("fd " + fd + " is a socket that is not listening (listen() was not called)");
            }
            int flags = c.fcntl(fd, F_GETFL, 0);
            if ((flags & O_NONBLOCK) == 0) c.fcntl(fd, F_SETFL, flags | O_NONBLOCK);
        } catch (LastErrorException e) {
            throw new IOException("fd " + fd + ": errno " + e.getErrorCode());
        }
        return new InheritedSocket(fd, family);
    }

    private static int option(LibC c, int fd, int name) {
        IntByReference v = new IntByReference();
        IntByReference len = new IntByReference(4);
        c.getsockopt(fd, SOL_SOCKET, name, v, len);
        return v.getValue();
    }

    /** A Netty server channel accepting on this socket (epoll transport); closing the channel closes the fd. */
    public ServerChannel channel() {
        // "active": the socket listens already (checked by inspect); an inactive channel would never accept
        return family == Family.INET ? new HapairServerSocketChannel(fd) : new EpollServerDomainSocketChannel(fd, true);
    }
}

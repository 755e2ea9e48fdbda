package dev.hapair.common.net;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * An unconnected unix datagram socket (the JDK has none): each {@link #send} names its destination, so a
 * restarted receiver (syslog daemon, systemd) is followed and a missing one only loses that datagram.
 * Non-blocking: a full receiver queue drops the datagram instead of stalling the sender.
 */
public final class UnixDatagramSocket implements AutoCloseable {
    interface LibC extends Library {
        int socket(int domain, int type, int protocol) throws LastErrorException;

        long sendto(int fd, byte[] buf, long len, int flags, byte[] addr, int addrlen) throws LastErrorException;

        int close(int fd) throws LastErrorException;
    }

    static final int AF_UNIX = 1;
    private static final int SOCK_DGRAM = 2;
    private static final int SOCK_NONBLOCK = 04000;
    private static final int SOCK_CLOEXEC = 02000000;
    private static final int MSG_DONTWAIT = 0x40;
    private static final int MSG_NOSIGNAL = 0x4000;
    /** sizeof(sun_path) on Linux. */
    static final int SUN_PATH_MAX = 108;

    private final LibC libc;
    private final int fd;

    private UnixDatagramSocket(LibC libc, int fd) {
        this.libc = libc;
        this.fd = fd;
    }

    public static UnixDatagramSocket open() throws IOException {
        try {
            LibC libc = Native.load("c", LibC.class);
            return new UnixDatagramSocket(libc, libc.socket(AF_UNIX, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0));
        } catch (LastErrorException | UnsatisfiedLinkError e) {
            throw new IOException("cannot open a unix datagram socket: " + e.getMessage());
        }
    }

    /** Sends one datagram to {@code address} ({@link #address}). */
    public void send(byte[] address, byte[] datagram, int length) throws IOException {
        try {
            long n = libc.sendto(fd, datagram, length, MSG_DONTWAIT | MSG_NOSIGNAL, address, address.length);
            if (n != length) throw new IOException("sendto: short write (" + n + " of " + length + ")");
        } catch (LastErrorException e) {
            throw new IOException("sendto: errno " + e.getErrorCode());
        }
    }

    /**
     * {@code struct sockaddr_un} for {@code name}: family (host order, little endian on the platforms we
     * build), then the path; an abstract name ('@' prefix) becomes a leading NUL and the length covers exactly
     * its bytes, a path gets its terminating NUL.
     */
    public static byte[] address(String name) {
        byte[] path = name.getBytes(StandardCharsets.UTF_8);
        boolean abstractName = name.startsWith("@");
        if (path.length > SUN_PATH_MAX - (abstractName ? 0 : 1)) {
            throw new IllegalArgumentException("unix socket name too long: " + name);
        }
        byte[] b = new byte[2 + path.length + (abstractName ? 0 : 1)];
        b[0] = (byte) AF_UNIX;
        System.arraycopy(path, 0, b, 2, path.length);
        if (abstractName) {
            b[2] = 0;
        }
        return b;
    }

    @Override
    public void close() {
        try {
            libc.close(fd);
        } catch (LastErrorException ignored) {
            // nothing was queued that a close could lose
        }
    }
}

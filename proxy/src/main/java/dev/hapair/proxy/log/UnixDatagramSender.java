package dev.hapair.proxy.log;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Sends datagrams to a unix socket path ({@code /dev/log}); the JDK has no unix datagram sockets. The
 * socket is non-blocking and unconnected: each send names the path, so a restarted syslog daemon (or a
 * chroot) is followed, and a missing daemon only loses the line.
 */
final class UnixDatagramSender implements SyslogLogSink.Destination {

    interface LibC extends Library {
        int socket(int domain, int type, int protocol) throws LastErrorException;

        long sendto(int fd, byte[] buf, long len, int flags, byte[] addr, int addrlen) throws LastErrorException;

        int close(int fd) throws LastErrorException;
    }

    private static final int AF_UNIX = 1;
    private static final int SOCK_DGRAM = 2;
    private static final int SOCK_NONBLOCK = 04000;
    private static final int SOCK_CLOEXEC = 02000000;
    private static final int MSG_DONTWAIT = 0x40;
    private static final int MSG_NOSIGNAL = 0x4000;
    /** sizeof(sun_path) on Linux. */
    private static final int PATH_MAX = 108;

    private final LibC libc;
    private final int fd;
    private final byte[] address;

    UnixDatagramSender(String path) throws IOException {
        byte[] p = path.getBytes(StandardCharsets.UTF_8);
        if (p.length >= PATH_MAX) {
            throw new IOException("unix socket path too long: " + path);
        }
        // struct sockaddr_un: sa_family_t (host order, little-endian here) then the NUL-terminated path
        address = new byte[2 + p.length + 1];
        address[0] = (byte) AF_UNIX;
        System.arraycopy(p, 0, address, 2, p.length);
        try {
            libc = Native.load("c", LibC.class);
            fd = libc.socket(AF_UNIX, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
        } catch (LastErrorException | UnsatisfiedLinkError e) {
            throw new IOException("cannot open a unix datagram socket: " + e.getMessage());
        }
    }

    @Override
    public void send(ByteBuffer datagram) throws IOException {
        byte[] b = new byte[datagram.remaining()];
        datagram.get(b);
        try {
            libc.sendto(fd, b, b.length, MSG_DONTWAIT | MSG_NOSIGNAL, address, address.length);
        } catch (LastErrorException e) {
            throw new IOException("sendto: errno " + e.getErrorCode());
        }
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

package dev.hapair.vrrp.os;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Checked wrappers over {@link LibC}: a -1 return becomes a {@link NativeException} naming the call and,
 * where it is the usual cause, what the operator must fix.
 */
final class Syscalls {
    private static final LibC C = LibC.INSTANCE;

    private Syscalls() {}

    static int socket(int domain, int type, int protocol, String description, String permissionHint)
            throws NativeException {
        int fd = C.socket(domain, type | Linux.SOCK_CLOEXEC, protocol);
        if (fd < 0) {
            int errno = Native.getLastError();
            throw new NativeException(description, errno, permissionHint(errno, permissionHint));
        }
        return fd;
    }

    /**
     * A non-blocking raw VRRP (IP protocol 112) socket of {@code domain} (AF_INET or AF_INET6), bound to
     * {@code interfaceName} with SO_BINDTODEVICE so it neither hears nor sends on any other link; closed again if
     * the binding fails.
     */
    static int rawVrrpSocket(int domain, String interfaceName) throws NativeException {
        String family = domain == Linux.AF_INET6 ? "AF_INET6" : "AF_INET";
        int fd = socket(
                domain,
                Linux.SOCK_RAW | Linux.SOCK_NONBLOCK,
                Linux.IPPROTO_VRRP,
                "socket(" + family + ", SOCK_RAW, 112)",
                "need CAP_NET_RAW");
        try {
            setsockopt(
                    fd,
                    Linux.SOL_SOCKET,
                    Linux.SO_BINDTODEVICE,
                    cString(interfaceName),
                    "SO_BINDTODEVICE " + interfaceName);
            return fd;
        } catch (NativeException | RuntimeException e) {
            close(fd);
            throw e;
        }
    }

    /** {@code s} as a NUL-terminated C string (interface names are ASCII). */
    private static byte[] cString(String s) {
        byte[] b = s.getBytes(StandardCharsets.US_ASCII);
        byte[] z = new byte[b.length + 1];
        System.arraycopy(b, 0, z, 0, b.length);
        return z;
    }

    static void setsockopt(int fd, int level, int option, byte[] value, String description) throws NativeException {
        if (C.setsockopt(fd, level, option, value, value.length) < 0) {
            int errno = Native.getLastError();
            throw new NativeException("setsockopt(" + description + ")", errno, null);
        }
    }

    static void setsockoptInt(int fd, int level, int option, int value, String description) throws NativeException {
        setsockopt(fd, level, option, nativeInt(value), description + " = " + value);
    }

    static void bind(int fd, byte[] addr, String description) throws NativeException {
        if (C.bind(fd, addr, addr.length) < 0) {
            int errno = Native.getLastError();
            throw new NativeException("bind(" + description + ")", errno, null);
        }
    }

    static void sendto(int fd, byte[] buf, byte[] addr, String description, String permissionHint)
            throws NativeException {
        while (true) {
            long n = C.sendto(fd, buf, buf.length, 0, addr, addr.length);
            if (n >= 0) {
                return;
            }
            int errno = Native.getLastError();
            if (errno != Errno.EINTR) {
                throw new NativeException(description, errno, permissionHint(errno, permissionHint));
            }
        }
    }

    /** Non-blocking receive: returns -1 when nothing is queued (EAGAIN). */
    static long recvfromNonBlocking(int fd, Pointer buf, long len, byte[] srcAddr, String description)
            throws NativeException {
        return nonBlocking(
                () -> {
                    int[] addrLen = {srcAddr == null ? 0 : srcAddr.length};
                    return C.recvfrom(fd, buf, len, Linux.MSG_DONTWAIT, srcAddr, srcAddr == null ? null : addrLen);
                },
                description);
    }

    /** Non-blocking recvmsg(2) on a prepared struct msghdr: returns -1 when nothing is queued (EAGAIN). */
    static long recvmsgNonBlocking(int fd, Pointer msghdr, String description) throws NativeException {
        return nonBlocking(() -> C.recvmsg(fd, msghdr, Linux.MSG_DONTWAIT), description);
    }

    /** Repeats {@code call} on EINTR; -1 on EAGAIN; other errors become a NativeException. */
    private static long nonBlocking(java.util.function.LongSupplier call, String description) throws NativeException {
        while (true) {
            long n = call.getAsLong();
            if (n >= 0) {
                return n;
            }
            int errno = Native.getLastError();
            if (errno == Errno.EAGAIN) {
                return -1;
            }
            if (errno != Errno.EINTR) {
                throw new NativeException(description, errno, null);
            }
        }
    }

    /**
     * poll(2) on the given descriptors for POLLIN; returns the revents of each, in order. EINTR counts as
     * "nothing ready" so callers simply loop.
     */
    static short[] pollIn(int timeoutMillis, int... fds) throws NativeException {
        byte[] pfds = new byte[8 * fds.length];
        ByteBuffer b = ByteBuffer.wrap(pfds).order(ByteOrder.nativeOrder());
        for (int fd : fds) {
            b.putInt(fd).putShort(Linux.POLLIN).putShort((short) 0);
        }
        int n = C.poll(pfds, fds.length, timeoutMillis);
        short[] revents = new short[fds.length];
        if (n < 0) {
            int errno = Native.getLastError();
            if (errno == Errno.EINTR) {
                return revents;
            }
            throw new NativeException("poll", errno, null);
        }
        for (int i = 0; i < fds.length; i++) {
            revents[i] = b.getShort(8 * i + 6);
        }
        return revents;
    }

    static void close(int fd) {
        if (fd >= 0) {
            C.close(fd);
        }
    }

    static int ifNameToIndex(String name) throws NativeException {
        return ifNameToIndex(name, "interface '" + name + "'");
    }

    /** if_nametoindex(3); {@code operation} names what needed the interface, for the error message. */
    static int ifNameToIndex(String name, String operation) throws NativeException {
        int index = C.if_nametoindex(name);
        if (index == 0) {
            int errno = Native.getLastError();
            throw new NativeException(
                    operation,
                    errno == 0 ? Errno.ENODEV : errno,
                    "no interface '" + name + "' in this network namespace");
        }
        return index;
    }

    static byte[] nativeInt(int value) {
        return ByteBuffer.allocate(4)
                .order(ByteOrder.nativeOrder())
                .putInt(value)
                .array();
    }

    private static String permissionHint(int errno, String hint) {
        return errno == Errno.EPERM || errno == Errno.EACCES ? hint : null;
    }
}

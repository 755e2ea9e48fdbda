package dev.hapair.vrrp.os;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;

/**
 * The few libc functions the OS layer calls, through JNA (no JNI code to build). Structures are passed as
 * byte arrays laid out by {@link SockAddrs} so their encoding is pure and tested without root; JNA copies
 * arrays in before and back out after each call. errno is read with {@link Native#getLastError()}, which
 * JNA saves per thread right after every call. {@code size_t}/{@code ssize_t} are mapped to {@code long}
 * (LP64 Linux only, which is all hapair supports).
 */
interface LibC extends Library {
    LibC INSTANCE = Native.load("c", LibC.class);

    int socket(int domain, int type, int protocol);

    int setsockopt(int fd, int level, int optname, byte[] optval, int optlen);

    int bind(int fd, byte[] addr, int addrlen);

    long sendto(int fd, byte[] buf, long len, int flags, byte[] destAddr, int addrlen);

    long recvfrom(int fd, Pointer buf, long len, int flags, byte[] srcAddr, int[] addrlen);

    long recvmsg(int fd, Pointer msghdr, int flags);

    int poll(byte[] fds, long nfds, int timeoutMillis);

    int close(int fd);

    int eventfd(int initval, int flags);

    long write(int fd, byte[] buf, long count);

    long read(int fd, byte[] buf, long count);

    int if_nametoindex(String ifname);

    int open(String path, int flags);

    int setns(int fd, int nstype);
}

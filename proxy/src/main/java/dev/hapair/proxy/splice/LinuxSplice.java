package dev.hapair.proxy.splice;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;

/**
 * The Linux calls kernel splicing needs (splice(2), pipe2, fcntl for dup and the pipe size), bound directly to
 * libc with JNA. A
 * failed call throws {@link LastErrorException} with errno; {@link #available()} is false where they cannot be
 * bound (not Linux, no JNA), and hapair then copies bodies as it always does.
 */
final class LinuxSplice {
    static final int EAGAIN = 11;
    static final int EINTR = 4;
    static final int SPLICE_F_MOVE = 1;
    static final int SPLICE_F_NONBLOCK = 2;
    static final int O_NONBLOCK = 04000;
    static final int O_CLOEXEC = 02000000;
    static final int F_DUPFD_CLOEXEC = 1030;
    static final int F_SETPIPE_SZ = 1031;

    private static final boolean AVAILABLE;

    static {
        boolean ok;
        try {
            ok = Platform.isLinux();
            if (ok) Native.register(LinuxSplice.class, NativeLibrary.getInstance(Platform.C_LIBRARY_NAME));
        } catch (Throwable t) { // UnsatisfiedLinkError, no JNA dispatch library: no splicing, nothing else changes
            ok = false;
        }
        AVAILABLE = ok;
    }

    private LinuxSplice() {}

    static boolean available() {
        return AVAILABLE;
    }

    /** Returns -1 and leaves errno for {@link Native#getLastError} (no exception: EAGAIN is routine here). */
    static native long splice(int fdIn, Pointer offIn, int fdOut, Pointer offOut, long len, int flags);

    /**
     * Moves up to {@code len} bytes from {@code in} to {@code out} (one of them a pipe) without blocking: the
     * bytes moved, 0 at the end of {@code in}'s data (its peer's FIN), or minus errno ({@code -EAGAIN}: nothing
     * can move now).
     */
    static long move(int in, int out, long len) {
        long n = splice(in, null, out, null, len, SPLICE_F_MOVE | SPLICE_F_NONBLOCK);
        return n >= 0 ? n : -Native.getLastError();
    }

    static native int pipe2(int[] fds, int flags) throws LastErrorException;

    static native int fcntl(int fd, int cmd, int arg) throws LastErrorException;

    static native int close(int fd) throws LastErrorException;

    /** Closes {@code fd}, ignoring errors (the fd is gone either way on Linux). */
    static void closeQuietly(int fd) {
        if (fd < 0) return;
        try {
            close(fd);
        } catch (LastErrorException ignored) {
            // EINTR/EIO: Linux released the descriptor anyway
        }
    }
}

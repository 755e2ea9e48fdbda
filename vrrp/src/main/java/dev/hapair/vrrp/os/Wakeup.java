package dev.hapair.vrrp.os;

import com.sun.jna.Native;

/**
 * An eventfd that a receiver thread polls beside its socket, so {@code close()} from another thread
 * interrupts a blocking poll at once instead of waiting for a timeout.
 */
final class Wakeup implements AutoCloseable {
    private static final LibC C = LibC.INSTANCE;
    private final int fd;

    Wakeup() throws NativeException {
        fd = C.eventfd(0, Linux.EFD_CLOEXEC | Linux.EFD_NONBLOCK);
        if (fd < 0) {
            throw new NativeException("eventfd", Native.getLastError(), null);
        }
    }

    int fd() {
        return fd;
    }

    void signal() {
        byte[] one = new byte[8];
        one[java.nio.ByteOrder.nativeOrder() == java.nio.ByteOrder.LITTLE_ENDIAN ? 0 : 7] = 1;
        C.write(fd, one, 8);
    }

    @Override
    public void close() {
        Syscalls.close(fd);
    }
}

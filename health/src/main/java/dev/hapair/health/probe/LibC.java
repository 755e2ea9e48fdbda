package dev.hapair.health.probe;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;

/** The few libc calls the process probes need, via JNA. Linux only; {@link #INSTANCE} is null elsewhere. */
interface LibC extends Library {

    /** pidfd_open(2): 434 in the unified syscall table (x86_64, aarch64, ...) since Linux 5.3. */
    int SYS_PIDFD_OPEN = 434;

    short POLLIN = 0x1;
    short POLLERR = 0x8;
    short POLLHUP = 0x10;
    short POLLNVAL = 0x20;
    int ESRCH = 3;
    int EINTR = 4;
    int EPERM = 1;
    int ENOSYS = 38;
    int EFD_CLOEXEC = 0x80000;
    int EFD_NONBLOCK = 0x800;
    int SIGKILL = 9;

    LibC INSTANCE = load();

    int syscall(long number, Object... args);

    int poll(Pointer fds, int nfds, int timeoutMillis);

    int close(int fd);

    int kill(int pid, int sig);

    int getuid();

    int eventfd(int initval, int flags);

    long read(int fd, byte[] buf, long count);

    long write(int fd, byte[] buf, long count);

    private static LibC load() {
        try {
            return Native.load("c", LibC.class);
        } catch (Throwable t) { // UnsatisfiedLinkError, NoClassDefFoundError on exotic platforms
            return null;
        }
    }
}

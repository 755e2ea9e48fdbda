package dev.hapair.vrrp.os;

import com.sun.jna.Native;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/**
 * Runs code inside a named network namespace ({@code ip netns add NAME}) without a child process:
 * setns(2) with CLONE_NEWNET switches only the calling thread, so the code runs on a fresh thread that
 * enters the namespace and then dies. Sockets opened there (raw, packet, netlink, and Java's own)
 * stay in that namespace for their whole life, whichever thread uses them later, so tests can open a
 * {@link RawAdvertChannel} "in host A" and read from it on the test thread.
 *
 * <p>Caveats: /sys and /proc/net keep showing the namespace they were mounted in (use netlink, as
 * {@link NetlinkInterfaces} does); threads started by code inside inherit the namespace (that is how
 * the receiver threads end up in it) but pooled threads created earlier do not.
 */
public final class NetworkNamespace {
    private NetworkNamespace() {}

    /** Runs {@code body} on a new thread that has entered /run/netns/{@code name}; waits for its result. */
    public static <T> T call(String name, Callable<T> body) throws Exception {
        FutureTask<T> task = new FutureTask<>(() -> {
            enter(name);
            return body.call();
        });
        Thread t = new Thread(task, "netns-" + name);
        t.setDaemon(true);
        t.start();
        try {
            return task.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof Exception ex) {
                throw ex;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw e;
        }
    }

    /** Moves the calling thread into the named namespace; only for threads created for that purpose. */
    public static void enter(String name) throws NativeException {
        String path = "/run/netns/" + name;
        int fd = LibC.INSTANCE.open(path, Linux.O_RDONLY | Linux.O_CLOEXEC);
        if (fd < 0) {
            throw new NativeException("open " + path, Native.getLastError(), "no network namespace '" + name + "'");
        }
        try {
            if (LibC.INSTANCE.setns(fd, Linux.CLONE_NEWNET) < 0) {
                int errno = Native.getLastError();
                throw new NativeException(
                        "setns(" + path + ", CLONE_NEWNET)", errno, errno == Errno.EPERM ? "need CAP_SYS_ADMIN" : null);
            }
        } finally {
            Syscalls.close(fd);
        }
    }
}

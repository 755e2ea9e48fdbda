package dev.hapair.proxy.splice;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.jna.Memory;
import dev.hapair.testkit.Prerequisites;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The watcher thread outlives a wake-up that cannot be delivered (a job whose event loop is shutting down). */
class SpliceWatcherTest {

    @Test
    void aFailedWakeUpDoesNotStopTheOthers() throws Exception {
        if (!LinuxSplice.available()) Prerequisites.unavailable("splice(2) needs Linux and JNA");
        SpliceWatcher w = SpliceWatcher.get();
        int[] a = pipeWithData();
        int[] b = pipeWithData();
        Memory ev = new Memory(16);
        CountDownLatch failed = new CountDownLatch(1);
        CountDownLatch woken = new CountDownLatch(1);
        long ka = w.newKey(() -> {
            failed.countDown();
            throw new RejectedExecutionException("event executor terminated");
        });
        long kb = w.newKey(woken::countDown);
        try {
            w.arm(ev, ka, a[0], LinuxSplice.EPOLLIN, true);
            assertTrue(failed.await(30, TimeUnit.SECONDS), "the first wake-up was delivered");
            w.arm(ev, kb, b[0], LinuxSplice.EPOLLIN, true);
            // generous: the failure mode is never, not late
            assertTrue(woken.await(30, TimeUnit.SECONDS), "the watcher still delivers wake-ups");
        } finally {
            w.remove(ev, ka, a[0], true);
            w.remove(ev, kb, b[0], true);
            for (int fd : new int[] {a[0], a[1], b[0], b[1]}) LinuxSplice.closeQuietly(fd);
        }
    }

    /** A pipe whose read end is readable. */
    private static int[] pipeWithData() {
        int[] p = new int[2];
        LinuxSplice.pipe2(p, LinuxSplice.O_NONBLOCK | LinuxSplice.O_CLOEXEC);
        Memory one = new Memory(1);
        one.setByte(0, (byte) 'x');
        assertTrue(Write.write(p[1], one, 1) == 1, "wrote a byte");
        return p;
    }

    /** write(2), for the test only. */
    static final class Write {
        static {
            com.sun.jna.Native.register(
                    Write.class, com.sun.jna.NativeLibrary.getInstance(com.sun.jna.Platform.C_LIBRARY_NAME));
        }

        static native long write(int fd, com.sun.jna.Pointer buf, long count);
    }
}

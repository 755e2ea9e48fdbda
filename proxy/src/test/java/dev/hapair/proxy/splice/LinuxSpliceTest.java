package dev.hapair.proxy.splice;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The three outcomes SpliceJob tells apart: bytes moved, nothing now (-EAGAIN), the end of the source (0). */
class LinuxSpliceTest {
    @Test
    void movedNothingNowAndEndAreDistinct() throws Exception {
        if (!LinuxSplice.available()) {
            dev.hapair.testkit.Prerequisites.unavailable("splice(2) needs Linux and JNA"); // fails under CI=true
        }
        int[] a = new int[2];
        int[] b = new int[2];
        LinuxSplice.pipe2(a, LinuxSplice.O_NONBLOCK | LinuxSplice.O_CLOEXEC);
        LinuxSplice.pipe2(b, LinuxSplice.O_NONBLOCK | LinuxSplice.O_CLOEXEC);
        try {
            assertEquals(-LinuxSplice.EAGAIN, LinuxSplice.move(a[0], b[1], 100), "empty source: EAGAIN, not 0");
            try (FileOutputStream w = new FileOutputStream("/proc/self/fd/" + a[1])) {
                w.write("hello".getBytes(StandardCharsets.US_ASCII));
            }
            LinuxSplice.closeQuietly(a[1]);
            a[1] = -1;
            assertEquals(5, LinuxSplice.move(a[0], b[1], 100));
            assertEquals(0, LinuxSplice.move(a[0], b[1], 100), "every writer gone: the end");
            try (FileInputStream r = new FileInputStream("/proc/self/fd/" + b[0])) {
                byte[] got = new byte[16];
                int n = r.read(got); // (readNBytes would seek: a pipe cannot)
                assertEquals("hello", new String(got, 0, n, StandardCharsets.US_ASCII));
            }
        } finally {
            for (int fd : new int[] {a[0], a[1], b[0], b[1]}) LinuxSplice.closeQuietly(fd);
        }
    }
}

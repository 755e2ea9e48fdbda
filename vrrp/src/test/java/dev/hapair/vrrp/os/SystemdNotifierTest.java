package dev.hapair.vrrp.os;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.sun.jna.Memory;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** sd_notify over real AF_UNIX datagram sockets (no privileges needed, no network involved). */
class SystemdNotifierTest {
    @Test
    void sockaddrUnLayoutForPathAndAbstractNames() {
        Assumptions.assumeTrue(ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN);
        assertEquals("0100" + "2f72756e2f6e00", Hex.of(SockAddrs.sockaddrUn("/run/n")), "family AF_UNIX, NUL-terminated path");
        assertEquals("0100" + "006e", Hex.of(SockAddrs.sockaddrUn("@n")), "abstract: leading NUL, no terminator");
        assertThrows(IllegalArgumentException.class, () -> SockAddrs.sockaddrUn("/" + "x".repeat(107)));
    }

    @Test
    void readyReachesTheNotifySocket(@TempDir Path dir) throws Exception {
        String path = dir.resolve("notify").toString();
        assertEquals("READY=1", receiveOne(path, () -> SystemdNotifier.forSocket(path).ready()));
        assertEquals("STATUS=VI_1 MASTER", receiveOne(path + "2", () -> SystemdNotifier.forSocket(path + "2")
                .status("VI_1\nMASTER")));
    }

    @Test
    void abstractNamespaceSocketWorksToo() throws Exception {
        String name = "@hapair-notify-test-" + ProcessHandle.current().pid();
        assertEquals("STOPPING=1", receiveOne(name, () -> SystemdNotifier.forSocket(name).stopping()));
    }

    @Test
    void withoutNotifySocketNothingHappens() throws Exception {
        SystemdNotifier n = SystemdNotifier.forSocket(null);
        assertFalse(n.enabled());
        n.ready();
    }

    @Test
    void missingSocketIsAClearError(@TempDir Path dir) {
        String path = dir.resolve("absent").toString();
        NativeException e = assertThrows(NativeException.class, () -> SystemdNotifier.forSocket(path).ready());
        assertEquals(Errno.ENOENT, e.errno());
        assertEquals("notify systemd at " + path + ": ENOENT (No such file or directory)", e.getMessage());
    }

    interface Action {
        void run() throws Exception;
    }

    /** Binds a datagram socket where systemd would, runs the action, returns the one datagram received. */
    private static String receiveOne(String path, Action action) throws Exception {
        int fd = Syscalls.socket(Linux.AF_UNIX, Linux.SOCK_DGRAM, 0, "test socket", null);
        try {
            Syscalls.bind(fd, SockAddrs.sockaddrUn(path), path);
            action.run();
            try (Memory buf = new Memory(512)) {
                Syscalls.pollIn(2000, fd);
                long n = Syscalls.recvfromNonBlocking(fd, buf, 512, null, "test receive");
                return n < 0 ? null : new String(buf.getByteArray(0, (int) n), StandardCharsets.UTF_8);
            }
        } finally {
            Syscalls.close(fd);
            if (!path.startsWith("@")) {
                Files.deleteIfExists(Path.of(path));
            }
        }
    }
}

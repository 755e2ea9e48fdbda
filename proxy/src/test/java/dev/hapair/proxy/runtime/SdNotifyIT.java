package dev.hapair.proxy.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hapair.common.process.SdNotify;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The common sd_notify against a fake {@code $NOTIFY_SOCKET} (a real unix datagram socket, Netty epoll). */
class SdNotifyIT {
    @TempDir
    Path dir;

    @Test
    void sendsStatesToThePathInNotifySocket() throws Exception {
        Path p = dir.resolve("notify");
        try (FakeNotifySocket fake = FakeNotifySocket.bind(p)) {
            SdNotify n = SdNotify.fromEnvironment(Map.of("NOTIFY_SOCKET", p.toString()));
            assertTrue(n.enabled());
            n.ready();
            n.reloading();
            n.ready();
            n.mainPid(4242);
            n.stopping();
            assertEquals("READY=1\nSTATUS=Ready.", fake.await("READY=1", 0, 5));
            assertTrue(fake.await("RELOADING=1", 0, 5).contains("\nMONOTONIC_USEC="));
            fake.await("READY=1", 2, 5);
            assertEquals("MAINPID=4242", fake.await("MAINPID=", 0, 5));
            fake.await("STOPPING=1", 0, 5);
            assertEquals(5, fake.received().size());
        }
    }

    @Test
    void withoutNotifySocketNothingIsSent() {
        SdNotify n = SdNotify.fromEnvironment(Map.of());
        assertFalse(n.enabled());
        assertFalse(n.send("READY=1"));
    }
}

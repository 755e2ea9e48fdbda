package dev.hapair.proxy.testing;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/** Helpers for tests that run hapair-proxy as a process through its launcher. */
public final class ProxyProcesses {
    private ProxyProcesses() {}

    /** The launcher as operators run it ({@code bin/hapair-proxy}, found from the module's directory). */
    public static Path launcher() {
        return Path.of("../bin/hapair-proxy").toAbsolutePath().normalize();
    }

    /**
     * Waits for the proxy's start-up line in its log: a loaded machine can take many seconds to start a JVM,
     * so tests wait for the event, not a fixed time (60 s at most).
     */
    public static void awaitStarted(Path log, Process p) throws Exception {
        for (int i = 0; i < 1200; i++) {
            if (Files.exists(log) && Files.readString(log).contains(" started ")) return;
            assertTrue(p.isAlive(), "exited: " + (Files.exists(log) ? Files.readString(log) : ""));
            Thread.sleep(50);
        }
        throw new AssertionError("not started within 60 s: " + Files.readString(log));
    }
}

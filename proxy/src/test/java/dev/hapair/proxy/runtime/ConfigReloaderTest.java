package dev.hapair.proxy.runtime;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hapair.common.process.SdNotify;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A reload runs on the thread that handles every later signal: whatever goes wrong in it is a refused reload,
 * never an error that ends that thread (and with it every later reload and stop).
 */
class ConfigReloaderTest {

    private static boolean reloadFailingWith(Throwable t, ByteArrayOutputStream log) {
        ConfigReloader r = new ConfigReloader(
                null,
                List.of(Path.of("h.cfg")),
                paths -> {
                    if (t instanceof RuntimeException re) throw re;
                    throw (Error) t;
                },
                new SdNotify(null),
                new PrintStream(log, true, StandardCharsets.UTF_8),
                Privileges.NONE);
        return r.reload();
    }

    @Test
    void aLinkageErrorRefusesTheReload() {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        // what every use of JNA throws once it failed to load in this process
        assertFalse(reloadFailingWith(new NoClassDefFoundError("Could not initialize class com.sun.jna.Native"), log));
        String text = log.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("[ALERT] reload refused") && text.contains("com.sun.jna.Native"), text);
    }

    @Test
    void aRuntimeExceptionRefusesTheReload() {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        assertFalse(reloadFailingWith(new IllegalStateException("boom"), log));
        assertTrue(log.toString(StandardCharsets.UTF_8).contains("boom"));
    }
}

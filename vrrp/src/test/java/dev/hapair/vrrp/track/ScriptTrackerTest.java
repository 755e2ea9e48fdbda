package dev.hapair.vrrp.track;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hapair.common.config.SourceLocation;
import dev.hapair.vrrp.config.VrrpScriptConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real script every 100 ms: {@code fall} failures in a row take it down, {@code rise} successes bring it up. */
class ScriptTrackerTest {
    @TempDir
    Path dir;

    final ScheduledThreadPoolExecutor loop = new ScheduledThreadPoolExecutor(1);

    @AfterEach
    void tearDown() {
        loop.shutdownNow();
    }

    @Test
    void fallAndRiseCountConsecutiveResults() throws Exception {
        Path flag = Files.createFile(dir.resolve("healthy"));
        VrrpScriptConfig c = new VrrpScriptConfig(
                "chk",
                "/bin/test -f " + flag,
                Duration.ofMillis(100),
                Duration.ofSeconds(1),
                -20,
                false,
                2,
                3,
                Optional.empty(),
                Optional.empty(),
                false,
                SourceLocation.NONE);
        LinkedBlockingQueue<Boolean> changes = new LinkedBlockingQueue<>();
        ScriptTracker t = new ScriptTracker(c, null, loop, System::nanoTime, (tr, up, d) -> changes.add(up));
        assertTrue(t.up());
        assertEquals("script:chk", t.key());
        t.start();
        assertEquals(null, changes.poll(500, TimeUnit.MILLISECONDS), "healthy: no change");
        long t0 = System.nanoTime();
        Files.delete(flag);
        assertEquals(Boolean.FALSE, changes.poll(3, TimeUnit.SECONDS));
        assertTrue(System.nanoTime() - t0 >= Duration.ofMillis(200).toNanos(), "fall 3 needs three failed runs");
        assertFalse(t.up());
        Files.createFile(flag);
        assertEquals(Boolean.TRUE, changes.poll(3, TimeUnit.SECONDS));
        t.close();
    }
}

package dev.hapair.proxy.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netty.channel.DefaultEventLoop;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@link YoungGenerationGrowth} on its event loop does only the cheap canary stage: the JDK's management beans
 * (~10-25 ms to load the first time, measured with the launcher's flags) are read on another thread, not on an
 * event loop that serves connections at the very moment the process is busy.
 */
class YoungGenerationGrowthTest {
    @Test
    void theManagementBeansAreNotLoadedOnTheEventLoop() throws Exception {
        List<Runnable> handedOff = new ArrayList<>();
        YoungGenerationGrowth g = new YoungGenerationGrowth(handedOff::add);
        DefaultEventLoop loop = new DefaultEventLoop();
        try {
            loop.submit(() -> {
                        for (int i = 0; i < YoungGenerationGrowth.SUSTAIN_SECONDS; i++) g.tick(true);
                        g.tick(true); // a tick while the beans load: nothing more is handed off
                    })
                    .get(10, TimeUnit.SECONDS);
        } finally {
            loop.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        }
        assertEquals(1, handedOff.size(), "the busy streak's end hands the beans' loading to another thread, once");
    }

    /**
     * Promotions end the cheap first stage at once, without the streak of {@link YoungGenerationGrowth#SUSTAIN_SECONDS}
     * ticks: a Connection: close load filled the old generation within 4 s of its start (session 13).
     */
    @Test
    void promotionsHandTheBeansOffBeforeTheStreakEnds() {
        List<Runnable> handedOff = new ArrayList<>();
        YoungGenerationGrowth g = new YoungGenerationGrowth(handedOff::add);
        long mib = 1 << 20;
        g.tick(true, 4 * mib);
        assertEquals(0, handedOff.size(), "one busy tick, no rise");
        g.tick(true, 4 * mib + YoungGenerationGrowth.PROMOTED_BYTES);
        assertEquals(1, handedOff.size(), "the rise hands the beans' loading off at the second tick");
        g.tick(true, 40 * mib);
        assertEquals(1, handedOff.size(), "once");
    }
}

package dev.hapair.proxy.netty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.util.internal.OutOfDirectMemoryError;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ServiceWatchdogTest {
    private static final long S = 1_000_000_000L;
    private final AtomicInteger exits = new AtomicInteger();
    private final ServiceWatchdog w = new ServiceWatchdog(exits::incrementAndGet);

    @Test
    void failuresWithoutAnySuccessForTheGraceTimeExitOnce() {
        w.allocationFailed(0);
        w.allocationFailed(9 * S);
        assertEquals(0, exits.get(), "a failing connection alone is not a dead process");
        w.allocationFailed(10 * S);
        w.allocationFailed(11 * S);
        assertEquals(1, exits.get());
        assertTrue(w.exited());
    }

    @Test
    void anyServedRequestRestartsTheStreak() {
        w.allocationFailed(0);
        w.served();
        w.allocationFailed(9 * S);
        w.allocationFailed(15 * S);
        assertEquals(0, exits.get());
        w.allocationFailed(19 * S);
        assertEquals(1, exits.get());
    }

    @Test
    void recognisesDirectMemoryExhaustion() {
        assertTrue(ServiceWatchdog.isAllocationFailure(new RuntimeException(new OutOfMemoryError("x"))));
        assertFalse(ServiceWatchdog.isAllocationFailure(new java.io.IOException("reset")));
        assertTrue(OutOfMemoryError.class.isAssignableFrom(OutOfDirectMemoryError.class));
    }
}

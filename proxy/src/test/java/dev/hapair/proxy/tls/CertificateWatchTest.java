package dev.hapair.proxy.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class CertificateWatchTest {

    private static long watchThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals("hapair-ssl-watch") && t.isAlive())
                .count();
    }

    private static boolean watchThreadAlive() {
        return watchThreads() > 0;
    }

    @Test
    void noThreadUntilAConfigurationTurnsTheWatchOn() throws Exception {
        AtomicReference<Optional<Duration>> interval = new AtomicReference<>(Optional.empty());
        try (CertificateWatch w = new CertificateWatch(() -> null, interval::get, n -> {}, m -> {})) {
            w.start();
            assertFalse(w.started(), "no hapair-ssl-watch configured: no thread");
            assertFalse(watchThreadAlive());
            interval.set(Optional.of(Duration.ofSeconds(5))); // a reload turned it on
            w.start();
            assertTrue(w.started());
            assertEquals(1, watchThreads());
            w.start(); // idempotent: one thread
            assertTrue(w.started());
            assertEquals(1, watchThreads(), "a second start made a second thread");
        }
    }

    @Test
    void notStartedAfterClose() {
        CertificateWatch w =
                new CertificateWatch(() -> null, () -> Optional.of(Duration.ofSeconds(5)), n -> {}, m -> {});
        w.close();
        w.start();
        assertFalse(w.started());
    }
}

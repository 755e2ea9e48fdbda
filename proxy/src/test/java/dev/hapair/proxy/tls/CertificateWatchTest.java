package dev.hapair.proxy.tls;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class CertificateWatchTest {

    private static boolean watchThreadAlive() {
        return Thread.getAllStackTraces().keySet().stream()
                .anyMatch(t -> t.getName().equals("hapair-ssl-watch") && t.isAlive());
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
            w.start(); // idempotent: one thread
            assertTrue(w.started());
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

package dev.hapair.proxy.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The runtime API's TLS setup for {@code add server} is installed at every start: it must not detect the TLS
 * provider (load BoringSSL and the TLS classes, ~8 MiB resident) until a server asks for {@code ssl}.
 */
class DynamicServerTlsTest {
    final AtomicInteger detections = new AtomicInteger();

    DynamicServerTls setup() {
        return new DynamicServerTls(
                () -> {
                    throw new AssertionError("no context needed");
                },
                () -> {
                    detections.incrementAndGet();
                    return TlsProvider.jdk("test");
                });
    }

    @Test
    void installingItDetectsNothing() {
        setup();
        assertEquals(0, detections.get());
    }

    @Test
    void aServerWithoutSslDetectsNothing() {
        assertNull(setup().configure(null, null, List.of()));
        assertEquals(0, detections.get());
    }
}

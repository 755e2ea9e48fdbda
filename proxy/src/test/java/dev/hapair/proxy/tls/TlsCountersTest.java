package dev.hapair.proxy.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** show info's TLS counters: endpoints, the accept and key rates over the last second, and the reuse percentage. */
class TlsCountersTest {

    private final AtomicLong now = new AtomicLong(10_000);
    private final TlsCounters c = new TlsCounters(now::get);

    @Test
    void reusePercentComparesKeysToAcceptedConnectionsAsHaproxyDoes() {
        // 84 connections, 4 of them full handshakes: HAProxy prints 95 (100 * (1 - 4/84) = 95.2, truncated)
        for (int i = 0; i < 84; i++) {
            c.accepted();
            c.handshaked(true, i % 21 != 0);
        }
        TlsCounters.Snapshot s = c.snapshot();
        assertEquals(84, s.rate());
        assertEquals(4, s.frontendKeyRate());
        assertEquals(95, s.reusePercent());
        assertEquals(84, s.maxRate());
        assertEquals(4, s.maxFrontendKeyRate());
    }

    @Test
    void noResumptionIsZeroPercentAndNothingIsZeroToo() {
        assertEquals(0, c.snapshot().reusePercent());
        c.accepted();
        c.handshaked(true, false);
        assertEquals(0, c.snapshot().reusePercent());
        c.accepted();
        c.handshaked(true, null); // the provider cannot tell: a full handshake
        assertEquals(0, c.snapshot().reusePercent());
    }

    @Test
    void ratesFadeOverTheNextSecondAndMaximaStay() {
        for (int i = 0; i < 10; i++) {
            c.accepted();
            c.handshaked(false, false);
        }
        now.addAndGet(1500); // half of the previous second still counts
        TlsCounters.Snapshot s = c.snapshot();
        assertEquals(5, s.rate());
        assertEquals(5, s.backendKeyRate());
        assertEquals(0, s.frontendKeyRate());
        now.addAndGet(1000);
        assertEquals(0, c.snapshot().rate());
        assertEquals(10, c.snapshot().maxRate());
        assertEquals(10, c.snapshot().maxBackendKeyRate());
    }

    @Test
    void endpointsAreCurrentUntilClosedAndCumulated() {
        c.opened();
        c.opened();
        c.closed();
        assertEquals(1, c.snapshot().current());
        assertEquals(2, c.snapshot().cumulated());
    }
}

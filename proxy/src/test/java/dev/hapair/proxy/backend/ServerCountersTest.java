package dev.hapair.proxy.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ServerCountersTest {

    @Test
    void clearCountersRestartsTheMaximaFromZeroAndKeepsTheCurrentValues() {
        // HAProxy 2.6.12, probed: 3 sessions opened, 2 closed (scur 1, smax 3); after `clear counters` smax is 0
        ServerCounters c = new ServerCounters();
        c.sessionStarted();
        c.sessionStarted();
        c.sessionStarted();
        c.sessionEnded();
        c.sessionEnded();
        c.queued();
        c.queued();
        c.dequeued();
        assertEquals(3, c.maxSessions());
        assertEquals(2, c.maxQueue());

        c.clear(false);

        assertEquals(0, c.maxSessions(), "smax after clear counters");
        assertEquals(0, c.maxQueue(), "qmax after clear counters");
        assertEquals(1, c.currentSessions(), "scur is state, not a counter");
        assertEquals(1, c.currentQueue(), "qcur is state, not a counter");

        c.sessionStarted();
        c.queued();
        assertEquals(2, c.maxSessions(), "the next session sets the maximum again");
        assertEquals(2, c.maxQueue(), "the next queued request sets the maximum again");
    }
}

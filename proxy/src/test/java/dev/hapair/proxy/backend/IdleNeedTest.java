package dev.hapair.proxy.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** How many idle server connections are kept: about as many as were recently in use at once. */
class IdleNeedTest {

    @Test
    void oneClientAtATimeKeepsOneIdleConnection() {
        // the exchange that ends is counted in use until its connection is parked
        assertTrue(IdleNeed.mayPark(1, 0, 1));
        assertFalse(IdleNeed.mayPark(1, 1, 1), "a second idle one is not needed");
    }

    @Test
    void concurrentClientsKeepUpToTheirPeak() {
        assertTrue(IdleNeed.mayPark(64, 0, 64));
        assertTrue(IdleNeed.mayPark(10, 54, 64));
        assertFalse(IdleNeed.mayPark(10, 55, 64));
        // never fewer than the connections in use now, whatever the estimate
        assertTrue(IdleNeed.mayPark(5, 0, 0));
    }

    @Test
    void aPurgeClosesHalfOfTheSurplusRoundedUp() {
        assertEquals(0, IdleNeed.toClose(0, 4, 4));
        assertEquals(2, IdleNeed.toClose(0, 4, 0));
        assertEquals(3, IdleNeed.toClose(0, 5, 0));
        assertEquals(1, IdleNeed.toClose(2, 3, 4));
        assertEquals(3, IdleNeed.toClose(10, 3, 0), "never more than the idle ones");
    }
}

package dev.hapair.proxy.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which connection retries redispatch under {@code option redispatch <interval>} (HAProxy's manual). */
class RedispatchIntervalTest {
    private static List<Integer> redispatching(boolean on, int retries, int after) {
        BackendSettings s = BackendSettings.http(Timeouts.NONE).withRedispatch(on, retries, after);
        List<Integer> r = new ArrayList<>();
        for (int retry = 1; retry <= retries; retry++) {
            if (s.redispatchesOnRetry(retry)) r.add(retry);
        }
        return r;
    }

    @Test
    void theDefaultIsTheLastRetry() {
        assertEquals(List.of(3), redispatching(true, 3, -1));
        assertEquals(List.of(1), redispatching(true, 1, -1));
        assertEquals(List.of(7), redispatching(true, 7, -1));
    }

    @Test
    void aPositiveIntervalIsEveryPthRetry() {
        assertEquals(List.of(1, 2, 3), redispatching(true, 3, 1));
        assertEquals(List.of(3, 6), redispatching(true, 7, 3));
        assertEquals(List.of(), redispatching(true, 2, 3));
    }

    @Test
    void aNegativeIntervalCountsBackFromTheLastRetry() {
        assertEquals(List.of(2), redispatching(true, 3, -2), "the retry before the last");
        assertEquals(List.of(5), redispatching(true, 6, -2));
        assertEquals(List.of(1, 2), redispatching(true, 2, -2), "retries + 1 - 2 = every retry");
        assertEquals(List.of(), redispatching(true, 2, -3), "before the first retry: none");
        assertEquals(List.of(), redispatching(true, 2, -9));
    }

    /**
     * Below -(retries + 1) the divisor retries + 1 + N is negative, and HAProxy's C remainder by it is 0 on the
     * multiples of its magnitude: HAProxy 2.6.12, retries 1, cookie persistence to a refused port and
     * {@code option redispatch -3} answers 200 from the other server at once, with {@code -4} a 503 after the
     * turn-around (side by side on loopback, session 13 rv16b).
     */
    @Test
    void farBelowTheLastRetryTheDivisorsMagnitudeCountsAsHaproxysArithmeticDoes() {
        assertEquals(List.of(1), redispatching(true, 1, -3), "1 % -1 == 0");
        assertEquals(List.of(), redispatching(true, 1, -4), "1 % -2 == 1");
        assertEquals(List.of(2, 4), redispatching(true, 4, -7), "every 2nd");
        assertEquals(List.of(), redispatching(true, 1, -2), "a divisor of 0: none (HAProxy's worker dies)");
    }

    @Test
    void zeroOrTheOptionOffNeverRedispatchesByInterval() {
        assertEquals(List.of(), redispatching(true, 3, 0));
        assertEquals(List.of(), redispatching(false, 3, -1));
        assertEquals(List.of(), redispatching(false, 3, 1));
    }
}

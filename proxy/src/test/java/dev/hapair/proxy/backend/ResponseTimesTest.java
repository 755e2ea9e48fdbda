package dev.hapair.proxy.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ResponseTimesTest {
    @Test
    void averagesOverTheRequestsSeenUntilTheWindowIsFull() {
        ResponseTimes t = new ResponseTimes();
        assertEquals(0, t.average(ResponseTimes.Kind.TOTAL));
        t.record(0, 2, 10, 20);
        t.record(0, 4, 30, 40);
        assertEquals(3, t.average(ResponseTimes.Kind.CONNECT));
        assertEquals(20, t.average(ResponseTimes.Kind.RESPONSE));
        assertEquals(30, t.average(ResponseTimes.Kind.TOTAL));
        assertEquals(40, t.max(ResponseTimes.Kind.TOTAL));
    }

    @Test
    void oldRequestsFadeOnceTheWindowIsFull() {
        ResponseTimes t = new ResponseTimes();
        for (int i = 0; i < ResponseTimes.SAMPLES; i++) t.record(0, 0, 100, 100);
        assertEquals(100, t.average(ResponseTimes.Kind.RESPONSE));
        for (int i = 0; i < 4 * ResponseTimes.SAMPLES; i++) t.record(0, 0, 10, 10);
        long avg = t.average(ResponseTimes.Kind.RESPONSE);
        assertTrue(avg >= 10 && avg <= 12, "after 4 windows of 10 ms the average is ~10, was " + avg);
        assertEquals(100, t.max(ResponseTimes.Kind.RESPONSE), "the maximum stays until cleared");
        t.clear(false);
        assertEquals(0, t.max(ResponseTimes.Kind.RESPONSE));
        assertTrue(t.average(ResponseTimes.Kind.RESPONSE) > 0, "clear counters keeps the averages");
        t.clear(true);
        assertEquals(0, t.average(ResponseTimes.Kind.RESPONSE));
    }

    @Test
    void negativeMeansNotMeasuredAndCountsAsZero() {
        ResponseTimes t = new ResponseTimes();
        t.record(-1, -1, 5, 5);
        assertEquals(0, t.average(ResponseTimes.Kind.QUEUE));
        assertEquals(0, t.max(ResponseTimes.Kind.CONNECT));
    }
}

package dev.hapair.proxy.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

/** A literal and a number ({@code t=%[date(0,ms)]}): the text made for one value is kept for the next requests. */
class FormatStringNumberTest {

    private static FormatString compile(String text) throws SampleException {
        return FormatString.compile(text, SampleEnv.lenient(), Phase.ALL, "test");
    }

    @Test
    void eachRequestGetsItsOwnClock() throws SampleException {
        FormatString f = compile("t=%[date(0,ms)]");
        FormatString g = compile("s=%[date(-1)]");
        TestContext c = new TestContext("GET", "/");
        long[] clock = {1_000, 1_000, 1_001, 999, 999, 1_000, 4_000_123};
        String previous = null;
        long before = Long.MIN_VALUE;
        for (long now : clock) {
            c.now = now;
            String t = f.render(c);
            assertEquals("t=" + now, t);
            assertEquals("s=" + (now / 1000 - 1), g.render(c));
            if (now == before) assertSame(previous, t, "the same millisecond: the same text");
            previous = t;
            before = now;
        }
    }

    @Test
    void otherNodesAreNotCached() throws SampleException {
        FormatString f = compile("p=%[path,length]");
        TestContext c = new TestContext("GET", "/abc");
        assertEquals("p=4", f.render(c));
        assertEquals("p=1", f.render(new TestContext("GET", "/")));
        assertEquals("n=-", compile("n=%[req.hdr(x-none)]").render(c, FormatString.Absent.DASH));
    }
}

package dev.hapair.proxy.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

/** Shared and kept samples behave as fresh ones: values, types and text are the same. */
class SampleSharingTest {

    @Test
    void numbersSharedOrNotHaveTheirValueAndText() {
        for (long v : new long[] {-129, -128, -1, 0, 1, 200, 1023, 1024, Long.MAX_VALUE, Long.MIN_VALUE}) {
            Sample s = Sample.sint(v);
            assertEquals(SampleType.SINT, s.type());
            assertEquals(v, s.toLong());
            assertEquals(Long.toString(v), s.toText());
            assertEquals(Long.toString(v), s.toText()); // kept text
            assertEquals(s, Sample.sint(v));
        }
        assertSame(Sample.sint(404), Sample.sint(404));
        assertNotSame(Sample.sint(1024), Sample.sint(1024));
    }

    @Test
    void methodsSharedOrNot() {
        assertSame(Sample.meth("GET"), Sample.meth("GET"));
        assertEquals("POST", Sample.meth("POST").toText());
        assertEquals(SampleType.METH, Sample.meth("HEAD").type());
        assertEquals("get", Sample.meth("get").toText()); // methods are case-sensitive: not the shared GET
        assertEquals("PATCH", Sample.meth("PATCH").toText());
    }

    @Test
    void theSourceSampleIsMadeOncePerAddress() {
        SourceSample cache = new SourceSample();
        InetSocketAddress a = new InetSocketAddress("192.0.2.7", 41000);
        Sample s = cache.of(a);
        assertEquals("192.0.2.7", s.toText());
        assertEquals(SampleType.IPV4, s.type());
        assertSame(s, cache.of(a));
        Sample t = cache.of(new InetSocketAddress("2001:db8::1", 1)); // set-src: another address
        assertEquals("2001:db8::1", t.toText());
        assertEquals(SampleType.IPV6, t.type());
        assertNull(cache.of(InetSocketAddress.createUnresolved("x", 1)));
        assertNull(cache.of(null));
    }
}

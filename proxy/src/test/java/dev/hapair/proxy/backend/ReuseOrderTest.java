package dev.hapair.proxy.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hapair.proxy.config.HttpReuse;
import io.netty.channel.Channel;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

/** HAProxy's {@code http-reuse} table, and the idle pool that applies it. */
class ReuseOrderTest {

    @Test
    void theTable() {
        assertEquals(ReuseOrder.NONE, ReuseOrder.of(HttpReuse.NEVER, true));
        assertEquals(ReuseOrder.NONE, ReuseOrder.of(HttpReuse.NEVER, false));
        assertEquals(ReuseOrder.NONE, ReuseOrder.of(HttpReuse.SAFE, true));
        assertEquals(ReuseOrder.FRESH_THEN_PROVEN, ReuseOrder.of(HttpReuse.SAFE, false));
        assertEquals(ReuseOrder.PROVEN_ONLY, ReuseOrder.of(HttpReuse.AGGRESSIVE, true));
        assertEquals(ReuseOrder.FRESH_THEN_PROVEN, ReuseOrder.of(HttpReuse.AGGRESSIVE, false));
        assertEquals(ReuseOrder.PROVEN_THEN_FRESH, ReuseOrder.of(HttpReuse.ALWAYS, true));
        assertEquals(ReuseOrder.FRESH_THEN_PROVEN, ReuseOrder.of(HttpReuse.ALWAYS, false));
    }

    @Test
    void thePoolHandsOutWhatTheOrderAllowsWarmestFirst() {
        IdleConnections pool = new IdleConnections(3);
        Channel fresh1 = new EmbeddedChannel(), fresh2 = new EmbeddedChannel(), proven = new EmbeddedChannel();
        assertTrue(pool.offer(fresh1, false) && pool.offer(proven, true) && pool.offer(fresh2, false));
        assertEquals(3, pool.size());
        assertNull(pool.poll(ReuseOrder.NONE));
        assertSame(proven, pool.poll(ReuseOrder.PROVEN_ONLY));
        assertNull(pool.poll(ReuseOrder.PROVEN_ONLY), "fresh connections are not taken by a first request");
        assertSame(fresh2, pool.poll(ReuseOrder.PROVEN_THEN_FRESH), "the most recently parked");
        pool.offer(proven, true);
        assertSame(fresh1, pool.poll(ReuseOrder.FRESH_THEN_PROVEN));
        assertSame(proven, pool.poll(ReuseOrder.FRESH_THEN_PROVEN));
        assertEquals(0, pool.size());
    }

    @Test
    void theCapacityBoundsBothListsAndClosedOnesAreSkipped() {
        IdleConnections pool = new IdleConnections(2);
        Channel a = new EmbeddedChannel(), b = new EmbeddedChannel(), c = new EmbeddedChannel();
        assertTrue(pool.offer(a, false) && pool.offer(b, true));
        assertTrue(!pool.offer(c, false) && !pool.offer(c, true), "full: the caller closes it");
        b.close();
        assertNull(pool.poll(ReuseOrder.PROVEN_ONLY));
        pool.remove(a);
        assertEquals(0, pool.size());
        a.close();
        assertTrue(!pool.offer(a, false), "a closed connection is not parked");
    }
}

package dev.hapair.proxy.stick;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hapair.common.config.SourceLocation;
import dev.hapair.proxy.config.StickTableConfig;
import dev.hapair.proxy.config.StickTableConfig.DataType;
import dev.hapair.proxy.config.StickTableConfig.KeyType;
import dev.hapair.proxy.sample.Sample;
import java.net.InetAddress;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Stick tables without sockets, on an injected clock: keys, counters, rates, expiry and the size bound. */
class StickTableTest {
    private final AtomicLong now = new AtomicLong(1_000_000);

    private StickTable table(KeyType type, long size, long expire, boolean nopurge, Object... store) {
        Map<DataType, Long> m = new EnumMap<>(DataType.class);
        for (int i = 0; i < store.length; i += 2) m.put((DataType) store[i], (Long) store[i + 1]);
        return new StickTable(
                "t",
                new StickTableConfig(
                        type, type == KeyType.STRING ? 8 : 0, size, expire, nopurge, m, SourceLocation.NONE),
                now::get);
    }

    private static Sample ip(String a) throws Exception {
        return Sample.addr(InetAddress.getByName(a));
    }

    @Test
    void keysAreConvertedToTheTableType() throws Exception {
        StickTable v6 = table(KeyType.IPV6, 10, 0, false);
        assertEquals("::ffff:192.168.1.0", v6.display(v6.key(ip("192.168.1.0"))), "IPv4 becomes v4-mapped");
        assertEquals("2001:db8::1", v6.display(v6.key(ip("2001:db8:0:0:0:0:0:1"))));
        StickTable v4 = table(KeyType.IP, 10, 0, false);
        assertEquals("10.1.2.3", v4.display(v4.key(Sample.str("10.1.2.3"))));
        assertNull(v4.key(Sample.str("not-an-ip")), "no key, nothing tracked");
        StickTable s = table(KeyType.STRING, 10, 0, false);
        assertEquals("abcdefgh", s.key(Sample.str("abcdefghijk")), "truncated to len");
        StickTable n = table(KeyType.INTEGER, 10, 0, false);
        assertEquals("42", n.key(Sample.str("42")));
        assertEquals(v4.key(ip("10.0.0.1")), v4.parseKey("10.0.0.1"));
        assertNull(v4.parseKey("foo"));
    }

    @Test
    void trackingCountsConnectionsAndRequestsAndReleaseEndsConnCur() throws Exception {
        StickTable t = table(
                KeyType.IP,
                10,
                30_000,
                false,
                DataType.CONN_CNT,
                0L,
                DataType.CONN_CUR,
                0L,
                DataType.HTTP_REQ_CNT,
                0L,
                DataType.HTTP_REQ_RATE,
                10_000L);
        String k = t.key(ip("10.0.0.1"));
        StickTable.Entry a = t.track(k, true);
        StickTable.Entry b = t.track(k, true);
        assertEquals(2L, t.get(a, DataType.CONN_CUR));
        assertEquals(2L, t.get(a, DataType.CONN_CNT));
        assertEquals(2L, t.lookup(k, DataType.HTTP_REQ_RATE));
        assertEquals(2, t.trackers(k));
        t.release(a);
        t.release(b);
        assertEquals(0L, t.get(a, DataType.CONN_CUR));
        assertEquals(2L, t.lookup(k, DataType.CONN_CNT));
        assertNull(t.lookup(k, DataType.GPC0), "not stored: no sample");
        assertEquals(0L, t.lookup(t.key(ip("10.0.0.2")), DataType.CONN_CNT), "absent key: 0");
    }

    @Test
    void ratesSlideOverTheirPeriod() throws Exception {
        StickTable t = table(KeyType.IP, 10, 0, false, DataType.HTTP_REQ_RATE, 10_000L);
        String k = t.key(ip("10.0.0.1"));
        for (int i = 0; i < 100; i++) t.release(t.track(k, true));
        assertEquals(100L, t.lookup(k, DataType.HTTP_REQ_RATE));
        now.addAndGet(10_000); // a whole period later: the previous period still weighs fully at its start
        assertEquals(100L, t.lookup(k, DataType.HTTP_REQ_RATE));
        now.addAndGet(5_000); // half way: half of it
        assertEquals(50L, t.lookup(k, DataType.HTTP_REQ_RATE));
        now.addAndGet(5_000);
        assertEquals(0L, t.lookup(k, DataType.HTTP_REQ_RATE));
    }

    @Test
    void unusedEntriesExpire() throws Exception {
        StickTable t = table(KeyType.IP, 10, 1_000, false, DataType.CONN_CNT, 0L);
        String k = t.key(ip("10.0.0.1"));
        StickTable.Entry e = t.track(k, false);
        now.addAndGet(5_000);
        assertTrue(t.contains(k), "a tracked entry never expires");
        t.release(e);
        now.addAndGet(999);
        assertTrue(t.contains(k));
        now.addAndGet(1);
        assertFalse(t.contains(k));
        assertEquals(0, t.used());
    }

    @Test
    void aFullTableEvictsTheLeastRecentlyUsedUntrackedEntry() throws Exception {
        StickTable t = table(KeyType.IP, 2, 0, false, DataType.CONN_CNT, 0L);
        String a = t.key(ip("10.0.0.1"));
        String b = t.key(ip("10.0.0.2"));
        String c = t.key(ip("10.0.0.3"));
        t.release(t.track(a, false));
        t.release(t.track(b, false));
        t.release(t.track(a, false)); // a used last
        t.release(t.track(c, false));
        assertTrue(t.contains(a));
        assertFalse(t.contains(b), "b was the least recently used");
        assertTrue(t.contains(c));
        assertEquals(2, t.used());
        // every entry tracked: the new key is not stored
        StickTable.Entry ea = t.track(a, false);
        StickTable.Entry ec = t.track(c, false);
        assertNull(t.track(b, false));
        assertEquals(2, t.used());
        t.release(ea);
        t.release(ec);
        assertNotNull(t.track(b, false));
    }

    @Test
    void nopurgeKeepsOldEntries() throws Exception {
        StickTable t = table(KeyType.IP, 1, 0, true, DataType.CONN_CNT, 0L);
        t.release(t.track(t.key(ip("10.0.0.1")), false));
        assertNull(t.track(t.key(ip("10.0.0.2")), false));
    }

    @Test
    void dumpIsHaproxysShowTableFormat() throws Exception {
        StickTable t = table(
                KeyType.IPV6,
                20,
                360_000,
                false,
                DataType.GPC0,
                0L,
                DataType.CONN_CNT,
                0L,
                DataType.HTTP_REQ_RATE,
                10_000L);
        t.release(t.track(t.key(ip("2001:db8:c001:c01a::")), true));
        t.release(t.track(t.key(ip("192.168.1.101")), true));
        now.addAndGet(10);
        String out = t.dump(k -> true, null, null, 0);
        assertTrue(
                out.matches("# table: t, type: ipv6, size:20, used:2\n"
                        + "0x[0-9a-f]+: key=::ffff:192\\.168\\.1\\.101 use=0 exp=359990 gpc0=0 conn_cnt=1"
                        + " http_req_rate\\(10000\\)=1\n"
                        + "0x[0-9a-f]+: key=2001:db8:c001:c01a:: use=0 exp=359990 gpc0=0 conn_cnt=1"
                        + " http_req_rate\\(10000\\)=1\n"),
                out);
        assertEquals(
                "# table: t, type: ipv6, size:20, used:2\n",
                t.dump(k -> true, DataType.CONN_CNT, "gt", 1),
                "data filter");
        t.clear(k -> true, DataType.GPC0, "eq", 0);
        assertEquals(0, t.used());
    }

    @Test
    void gpcCountersIncrementAndClear() throws Exception {
        StickTable t =
                table(KeyType.IP, 10, 0, false, DataType.GPC0, 0L, DataType.GPC0_RATE, 1_000L, DataType.GPT0, 0L);
        StickTable.Entry e = t.track(t.key(ip("10.0.0.1")), false);
        assertEquals(1, t.increment(e, DataType.GPC0, DataType.GPC0_RATE));
        assertEquals(2, t.increment(e, DataType.GPC0, DataType.GPC0_RATE));
        assertEquals(2L, t.get(e, DataType.GPC0_RATE));
        assertEquals(2, t.reset(e, DataType.GPC0));
        assertEquals(0L, t.get(e, DataType.GPC0));
        t.set(e, DataType.GPT0, 7);
        assertEquals(7L, t.get(e, DataType.GPT0));
    }
}

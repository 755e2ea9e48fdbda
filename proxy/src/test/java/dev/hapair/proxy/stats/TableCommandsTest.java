package dev.hapair.proxy.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hapair.proxy.config.HaproxyConfigLoader;
import dev.hapair.proxy.sample.Sample;
import dev.hapair.proxy.stick.StickTable;
import dev.hapair.proxy.stick.StickTables;
import java.net.InetAddress;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** {@code show table} / {@code clear table} on tables built from a configuration, without sockets. */
class TableCommandsTest {
    private final AtomicLong now = new AtomicLong(5_000);

    private StickTables tables() throws Exception {
        return StickTables.of(
                new HaproxyConfigLoader()
                        .parse(
                                "t.cfg",
                                "defaults\n  mode http\n  timeout client 1s\n  timeout server 1s\n  timeout connect 1s\n"
                                        + "backend be1\n  stick-table type ipv6 size 20 expire 360s store gpc0,conn_cnt\n"
                                        + "backend be2\n  stick-table type ip size 1k store http_req_rate(10s)\n"),
                now::get);
    }

    private static List<String> w(String line) {
        return RuntimeApi.words(line);
    }

    @Test
    void showListsTablesAndDumpsOne() throws Exception {
        StickTables t = tables();
        TableCommands c = new TableCommands(() -> t);
        StickTable be1 = t.get("be1");
        be1.release(be1.track(be1.key(Sample.addr(InetAddress.getByName("192.168.1.0"))), true));
        assertEquals(
                "# table: be1, type: ipv6, size:20, used:1\n# table: be2, type: ip, size:1024, used:0\n",
                c.show(w("show table")));
        String out = c.show(w("show table be1"));
        assertTrue(
                out.matches("# table: be1, type: ipv6, size:20, used:1\n"
                        + "0x[0-9a-f]+: key=::ffff:192\\.168\\.1\\.0 use=0 exp=360000 gpc0=0 conn_cnt=1\n"),
                out);
        assertEquals(TableCommands.NO_TABLE, c.show(w("show table nope")));
        assertEquals("Unable to parse the key.\n", c.show(w("show table be1 key zz")));
        assertTrue(c.show(w("show table be1 key ::ffff:192.168.1.0")).contains("key=::ffff:192.168.1.0"));
        assertEquals("# table: be1, type: ipv6, size:20, used:1\n", c.show(w("show table be1 data.conn_cnt gt 1")));
        assertEquals("Data type not stored in this table\n", c.show(w("show table be1 data.http_req_rate gt 1")));
    }

    @Test
    void clearRemovesUntrackedEntries() throws Exception {
        StickTables t = tables();
        TableCommands c = new TableCommands(() -> t);
        StickTable be2 = t.get("be2");
        StickTable.Entry kept = be2.track(be2.parseKey("10.0.0.1"), true);
        be2.release(be2.track(be2.parseKey("10.0.0.2"), true));
        be2.release(be2.track(be2.parseKey("10.0.0.3"), true));
        assertEquals("", c.clear(w("clear table be2 key 10.0.0.2")));
        assertEquals(2, be2.used());
        assertEquals("", c.clear(w("clear table be2")));
        assertEquals(1, be2.used(), "the tracked entry stays");
        be2.release(kept);
        assertEquals(TableCommands.NO_TABLE, c.clear(w("clear table nope")));
        assertEquals("Missing table name.\n", c.clear(w("clear table")));
    }
}
